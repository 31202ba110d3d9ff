"""Exports of the item register too large to write while the user waits (more than
views.items.BACKGROUND_ITEMS items): the same filters, scoping and file as the screen's
export, written by a background job that shows its progress."""

from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from kythuat.core.xlsx import CSV_TYPE, XLSX_TYPE
from kythuat.jobs.registry import JobOutput, job_handler

PROGRESS_EVERY = 1000


@job_handler("holdings.items_export", atomic=False)
def items_export(job, progress) -> JobOutput:
    """params: {"query": the list's query string, "format": "xlsx" or "csv"}."""
    from .views.items import write_items

    query = QueryDict(job.params.get("query", ""))
    fmt = job.params.get("format", "xlsx")
    try:
        # Built with the rights of the user who asked: the same unit check as on the screen.
        name, data = write_items(job.actor, query, fmt, progress=progress,
                                 every=PROGRESS_EVERY)
    except Http404 as error:
        raise ValidationError(_("The unit of this export is not within your units.")) from error
    return JobOutput(filename=name, content=data,
                     content_type=XLSX_TYPE if fmt == "xlsx" else CSV_TYPE)
