from django.urls import path

from .views import commendations, decisions, proposals

app_name = "commendations"
urlpatterns = [
    path("", commendations.commendation_list, name="commendation-list"),
    path("export.xlsx", commendations.commendation_export, name="commendation-export"),
    path("proposals/", proposals.proposal_list, name="proposal-list"),
    path("proposals/new/", proposals.proposal_create, name="proposal-create"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/edit/", proposals.proposal_edit, name="proposal-edit"),
    path("proposals/<int:pk>/submit/", proposals.proposal_submit, name="proposal-submit"),
    path("proposals/<int:pk>/decide/", proposals.proposal_decide, name="proposal-decide"),
    path("decisions/", decisions.decision_list, name="decision-list"),
    path("decisions/new/", decisions.decision_create, name="decision-create"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision-detail"),
    path("decisions/<int:pk>/issue/", decisions.decision_issue, name="decision-issue"),
    path("decisions/<int:pk>/docx/", decisions.decision_docx, name="decision-docx"),
]
