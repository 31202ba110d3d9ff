from django.urls import path

from .views import phases, sheets

app_name = "campaign"
urlpatterns = [
    path("", phases.phase_list, name="phase-list"),
    path("phases/<int:pk>/", phases.phase_detail, name="phase-detail"),
    path("committees/<int:pk>/", phases.committee_detail, name="committee-detail"),
    path("blocks/", phases.block_list, name="block-list"),
    path("blocks/<int:pk>/", phases.block_detail, name="block-detail"),
    path("blocks/<int:pk>/export.xlsx", phases.block_export, name="block-export"),
    path("pledges/", phases.pledge_list, name="pledge-list"),
    path("pledges/<int:pk>/", phases.pledge_detail, name="pledge-detail"),
    path("sheets/", sheets.sheet_list, name="sheet-list"),
    path("sheets/new/", sheets.sheet_create, name="sheet-create"),
    path("sheets/<int:pk>/", sheets.sheet_detail, name="sheet-detail"),
    path("sheets/<int:pk>/assess/", sheets.sheet_assess, name="sheet-assess"),
    path("sheets/<int:pk>/submit/", sheets.sheet_submit, name="sheet-submit"),
    path("sheets/<int:pk>/score/", sheets.sheet_review, name="sheet-review"),
    path("sheets/<int:pk>/export.xlsx", sheets.sheet_export, name="sheet-export"),
    path("sheets/<int:pk>/report.docx", sheets.sheet_report, name="sheet-report"),
    path("scores/<int:pk>/evidence/", sheets.score_evidence, name="score-evidence"),
]
