"""Reports too long to write while the user waits (more than views.BACKGROUND_ROWS rows)."""

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _

from kythuat.core.xlsx import XLSX_TYPE
from kythuat.jobs.registry import JobOutput, job_handler


@job_handler("reports.xlsx")
def report_xlsx(job, progress) -> JobOutput:
    """params: {"report": slug of views.REPORTS, "query": the screen's query string}."""
    from .views import REPORTS

    kind = REPORTS.get(job.params.get("report", ""))
    if kind is None:
        raise ValidationError(_("This report does not exist."))
    progress(0, 2)
    # Built with the rights of the user who asked: the same unit check as on the screen.
    built = kind.build(job.actor, QueryDict(job.params.get("query", "")))
    if built.report is None:
        raise ValidationError(
            _("The filters of this report are not valid; open the report again and correct them.")
        )
    progress(1, 2)
    data = built.file()
    progress(2, 2)
    return JobOutput(filename=built.filename, content=data, content_type=XLSX_TYPE)
