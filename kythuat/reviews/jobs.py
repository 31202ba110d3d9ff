"""Background jobs of the reviews app: the Word document of a large report (a military region
over 15 years computes hundreds of figures)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kythuat.jobs.registry import JobOutput, job_handler

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@job_handler("reviews.report_docx")
def report_docx(job, progress) -> JobOutput:
    """params: {"report": id}. Built with the rights of the user who asked."""
    from .models import Report
    from .report_selectors import docx_filename, report_docx_bytes

    report = (Report.objects.visible_to(job.actor).select_related("review", "unit", "issuer")
              .filter(pk=job.params.get("report")).first())
    if report is None:
        raise ValidationError(_("This report does not exist or is not visible to you."))
    progress(0, 2)
    content = report_docx_bytes(report)
    progress(2, 2)
    return JobOutput(filename=docx_filename(report), content=content, content_type=DOCX_TYPE)
