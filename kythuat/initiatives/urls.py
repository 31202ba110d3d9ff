from django.urls import path

from .views import councils, initiatives

app_name = "initiatives"
urlpatterns = [
    path("", initiatives.initiative_list, name="initiative-list"),
    path("export.xlsx", initiatives.initiative_export, name="initiative-export"),
    path("new/", initiatives.initiative_create, name="initiative-create"),
    path("duplicates/", initiatives.initiative_duplicates, name="initiative-duplicates"),
    path("<int:pk>/", initiatives.initiative_detail, name="initiative-detail"),
    path("<int:pk>/file/", initiatives.initiative_file, name="initiative-file"),
    path("<int:pk>/send/", initiatives.initiative_send, name="initiative-send"),
    path("<int:pk>/adopt/", initiatives.adoption_create, name="adoption-create"),
    path("<int:pk>/measure/", initiatives.benefit_measure, name="benefit-measure"),
    path("dossiers/<int:pk>/decide/", initiatives.dossier_decide, name="dossier-decide"),
    path("dossiers/<int:pk>/award/", initiatives.dossier_award, name="dossier-award"),
    path("dossiers/<int:pk>/score/", councils.dossier_score, name="dossier-score"),
    path("dossiers/<int:pk>/decision.docx", councils.dossier_decision, name="dossier-decision"),
    path("councils/", councils.council_list, name="council-list"),
    path("councils/new/", councils.council_create, name="council-create"),
    path("councils/<int:pk>/", councils.council_detail, name="council-detail"),
    path("councils/<int:pk>/members/", councils.council_member_add, name="council-member-add"),
    path("councils/<int:pk>/close/", councils.council_close, name="council-close"),
]
