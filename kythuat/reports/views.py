"""Report screens and their xlsx files: the index, increases and decreases of a period,
holdings by grade and subordinate unit, authorised strength against holdings.

Each report is built by one `build_*` function from the user and the query string, so the
screen, the file, the background job and the API all show the same figures.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from kythuat.core.forms import add_service_error, filters_in_words
from kythuat.core.htmx import redirect_after_post
from kythuat.core.text import file_slug
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import XLSX_TYPE
from kythuat.documents.selectors import letterhead
from kythuat.holdings import services as holdings_services
from kythuat.holdings.forms import StrengthSetForm
from kythuat.org import permissions
from kythuat.org.models import Unit, User
from kythuat.org.selectors import unit_from_request

from . import renderers, selectors
from .forms import GradeReportForm, IncreaseDecreaseForm, StrengthReportForm
from .renderers import Heading

BACKGROUND_ROWS = 10_000  # a longer report is written by a background job
SCREEN_ROWS = 3_000  # a screen shows at most this many lines; the file has them all


@dataclass
class Built:
    """A report ready to show or print."""

    unit: Unit
    form: Any
    report: Any  # None when the filters are not valid
    heading: Heading | None
    render: Callable[[Any, Heading], bytes]
    name: str

    @property
    def row_count(self) -> int:
        return self.report.row_count if self.report is not None else 0

    def file(self) -> bytes:
        return self.render(self.report, self.heading)

    @property
    def filename(self) -> str:
        return f"{file_slug(self.name)}-{timezone.localdate():%Y%m%d}.xlsx"


def _heading(unit: Unit, title: str, lines: list[str]) -> Heading:
    """The unit under its parent; the date line's place is the one of the unit's issuer of
    documents (or of the nearest unit above it), as on its Word documents."""
    parent = unit.parent.name if unit.parent_id else ""
    day = timezone.localdate()
    return Heading(unit=unit.name, parent=parent, title=title, lines=tuple(lines), day=day,
                   place=letterhead(unit, day).place)


def _filters(form, *, exclude: tuple[str, ...]) -> str:
    """The filters applied, in words; unticked boxes are no filter."""
    data = getattr(form, "cleaned_data", {})
    unticked = tuple(name for name, value in data.items() if value is False)
    return filters_in_words(form, exclude=exclude + unticked)


def _valid(form) -> dict:
    if not form.is_bound:
        return {}
    form.is_valid()
    return getattr(form, "cleaned_data", {})


def build_increase_decrease(user: User, query: QueryDict) -> Built:
    unit = unit_from_request(user, query.get("unit"))
    form = IncreaseDecreaseForm(
        query or None, user=user, initial={"unit": unit.pk, "year": timezone.localdate().year}
    )
    data = _valid(form)
    built = Built(
        unit,
        form,
        None,
        None,
        renderers.render_increase_decrease_xlsx,
        _("increases and decreases"),
    )
    if form.errors:
        return built
    start, end, label = form.period()
    branch, etype = data.get("branch"), data.get("type")
    built.report = selectors.increase_decrease_report(
        unit=unit,
        start=start,
        end=end,
        branch_id=branch.pk if branch else None,
        type_id=etype.pk if etype else None,
        by_grade=bool(data.get("by_grade")),
    )
    lines = [_("Period: %(period)s") % {"period": label}]
    extra = _filters(form, exclude=("unit", "year", "quarter", "start", "end"))
    if extra:
        lines.append(extra)
    built.heading = _heading(
        unit, _("REPORT OF INCREASES AND DECREASES OF WEAPONS AND TECHNICAL EQUIPMENT"), lines
    )
    return built


def build_grades(user: User, query: QueryDict) -> Built:
    unit = unit_from_request(user, query.get("unit"))
    form = GradeReportForm(query or None, user=user, initial={"unit": unit.pk})
    data = _valid(form)
    built = Built(
        unit, form, None, None, renderers.render_grades_xlsx, _("holdings by grade and unit")
    )
    if form.errors:
        return built
    day = data.get("as_of")
    branch, etype, usage = data.get("branch"), data.get("type"), data.get("usage_group")
    built.report = selectors.grade_report(
        unit=unit,
        day=day,
        branch_id=branch.pk if branch else None,
        type_id=etype.pk if etype else None,
        usage_group_id=usage.pk if usage else None,
        split_usage=bool(data.get("split_usage")),
    )
    when = day or timezone.localdate()
    lines = [_("As at the end of %(date)s") % {"date": when.strftime("%d/%m/%Y")}]
    extra = _filters(form, exclude=("unit", "as_of"))
    if extra:
        lines.append(extra)
    built.heading = _heading(
        unit, _("HOLDINGS OF WEAPONS AND TECHNICAL EQUIPMENT BY QUALITY GRADE AND UNIT"), lines
    )
    return built


def build_strength(user: User, query: QueryDict) -> Built:
    unit = unit_from_request(user, query.get("unit"))
    form = StrengthReportForm(query or None, user=user, initial={"unit": unit.pk})
    data = _valid(form)
    built = Built(
        unit,
        form,
        None,
        None,
        renderers.render_strength_xlsx,
        _("authorised strength and holdings"),
    )
    if form.errors:
        return built
    today = timezone.localdate()
    etype = data.get("type")
    built.report = selectors.strength_report(
        unit=unit,
        day=today,
        branch=data.get("branch"),
        type_id=etype.pk if etype else None,
        collapse=not data.get("per_unit"),
    )
    lines = [_("As at %(date)s") % {"date": today.strftime("%d/%m/%Y")}]
    extra = _filters(form, exclude=("unit",))
    if extra:
        lines.append(extra)
    built.heading = _heading(
        unit, _("AUTHORISED STRENGTH AND HOLDINGS OF WEAPONS AND TECHNICAL EQUIPMENT"), lines
    )
    return built


@dataclass(frozen=True)
class ReportKind:
    slug: str
    title: Any
    description: Any
    build: Callable[[User, QueryDict], Built]
    template: str


REPORTS = {
    "increase-decrease": ReportKind(
        "increase-decrease",
        gettext_lazy("Increases and decreases"),
        gettext_lazy(
            "Quarterly and annual report: opening, each kind of increase and decrease, "
            "closing, by branch and equipment type, with subtotals."
        ),
        build_increase_decrease,
        "reports/increase_decrease.html",
    ),
    "grades": ReportKind(
        "grades",
        gettext_lazy("Holdings by grade and unit"),
        gettext_lazy(
            "As at a date: each direct subordinate with its subtree and the unit's own "
            "holdings, by quality grade and usage group, with the technical "
            "coefficient."
        ),
        build_grades,
        "reports/grades.html",
    ),
    "strength": ReportKind(
        "strength",
        gettext_lazy("Authorised strength and holdings"),
        gettext_lazy(
            "Per subordinate unit and equipment type: authorised, on hand, surplus or "
            "shortage and the percentage."
        ),
        build_strength,
        "reports/strength.html",
    ),
}


@login_required
@require_http_methods(["GET"])
def index(request: AuthedRequest) -> HttpResponse:
    unit = unit_from_request(request.user, request.GET.get("unit"))
    return render(request, "reports/index.html", {"reports": REPORTS.values(), "unit": unit})


STRENGTH_PAGE_ROWS = 200  # rows of the strength screen per page; the file has them all


def _strength_extra(request: AuthedRequest, built: Built, set_form=None) -> dict:
    """The strength screen pages its rows (a division has thousands of unit × type rows) and
    offers the officer the form that sets an authorised quantity."""
    extra: dict[str, Any] = {}
    if built.report is not None:
        page = Paginator(built.report.rows, STRENGTH_PAGE_ROWS).get_page(request.GET.get("page"))
        extra["page"] = page
        extra["cut"] = False
    if permissions.can_post(request.user, built.unit):
        extra["set_form"] = set_form or StrengthSetForm(
            user=request.user, initial={"unit": built.unit.pk}
        )
    return extra


def _screen(request: AuthedRequest, slug: str, **extra: Any) -> HttpResponse:
    kind = REPORTS[slug]
    built = kind.build(request.user, request.GET)
    context = {
        "kind": kind,
        "built": built,
        "unit": built.unit,
        "form": built.form,
        "report": built.report,
        "heading": built.heading,
        "query": request.GET.urlencode(),
        "screen_rows": SCREEN_ROWS,
        "screen_slice": f":{SCREEN_ROWS}",
        "cut": built.row_count > SCREEN_ROWS,
        "background_rows": BACKGROUND_ROWS,
    }
    if slug == "strength":
        context.update(_strength_extra(request, built, extra.get("set_form")))
    return render(request, kind.template, context)


@login_required
@require_http_methods(["POST"])
def strength_set(request: AuthedRequest) -> HttpResponse:
    """Sets an authorised quantity from the strength screen, then shows the screen again."""
    form = StrengthSetForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            holdings_services.authorized_strength_set(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The authorised strength of %(type)s for %(unit)s was set.")
                % {"type": form.cleaned_data["type"].name, "unit": form.cleaned_data["unit"].name},
            )
            url = reverse("reports:strength")
            query = request.GET.urlencode()
            return redirect_after_post(request, f"{url}?{query}" if query else url)
    return _screen(request, "strength", set_form=form)


def _export(request: AuthedRequest, slug: str) -> HttpResponse:
    kind = REPORTS[slug]
    built = kind.build(request.user, request.GET)
    if built.report is None:
        return _screen(request, slug)
    if built.row_count > BACKGROUND_ROWS:
        from kythuat.jobs.services import job_submit

        job = job_submit(
            actor=request.user,
            kind="reports.xlsx",
            unit=built.unit,
            params={"report": slug, "query": request.GET.urlencode()},
            title=_("%(report)s – %(unit)s") % {"report": kind.title, "unit": built.unit.name},
        )
        return redirect(job.get_absolute_url())
    return FileResponse(
        io.BytesIO(built.file()),
        as_attachment=True,
        filename=built.filename,
        content_type=XLSX_TYPE,
    )


def _report_views(slug: str) -> tuple[Callable, Callable]:
    """The screen and the xlsx file of one report: the same build, the same scoping."""

    @login_required
    @require_http_methods(["GET"])
    def screen(request: AuthedRequest) -> HttpResponse:
        return _screen(request, slug)

    @login_required
    @require_http_methods(["GET"])
    def export(request: AuthedRequest) -> HttpResponse:
        return _export(request, slug)

    return screen, export


urlpatterns = [
    path("", index, name="index"),
    path("strength/set/", strength_set, name="strength-set"),
]
for _slug in REPORTS:
    _view, _file = _report_views(_slug)
    urlpatterns += [
        path(f"{_slug}/", _view, name=_slug),
        path(f"{_slug}/export.xlsx", _file, name=f"{_slug}-export"),
    ]
