"""Routes of the report screens (sections, figures, issue, compare, Word)."""

from django.urls import path

from . import reports

urlpatterns = [
    path("reports/", reports.report_list, name="report-list"),
    path("<int:pk>/reports/new/", reports.report_create, name="report-create"),
    path("reports/<int:pk>/", reports.report_detail, name="report-detail"),
    path("reports/<int:pk>/edit/", reports.report_edit, name="report-edit"),
    path("reports/<int:pk>/figures/", reports.report_figures, name="report-figures"),
    path("reports/<int:pk>/figures/new/", reports.figure_add, name="figure-add"),
    path("reports/<int:pk>/refresh/", reports.report_refresh, name="report-refresh"),
    path("reports/<int:pk>/issue/", reports.report_issue, name="report-issue"),
    path("reports/<int:pk>/compare/", reports.report_compare, name="report-compare"),
    path("reports/<int:pk>/document.docx", reports.report_docx, name="report-docx"),
    path("report-sections/<int:pk>/edit/", reports.section_edit, name="report-section-edit"),
    path("report-figures/<int:pk>/delete/", reports.figure_delete, name="figure-delete"),
]
