"""Reads of review reports, always scoped to the user: lists, one report with its sections
rendered (figures live while a draft, frozen once issued), the automatic tables, the annexes,
the traceability annex, the comparison with the records today, and the .docx."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines

from kythuat.core.querystring import id_param
from kythuat.documents.compose import Signature, Table
from kythuat.documents.formatting import format_figure
from kythuat.indicators import registry
from kythuat.indicators.links import records_url
from kythuat.org.models import User

from . import report_docx
from .annexes import annexes_of
from .models import Figure, Report, Section
from .services import figures as figure_services
from .services.figures import TOKEN, format_value, period_of
from .services.reports import report_targets, subordinates, table_indicators, target_period

LARGE_REPORT = 60  # figures: a draft with more is written in the background


def report_list(*, user: User, filters: Mapping[str, str] | None = None) -> QuerySet[Report]:
    reports = Report.objects.visible_to(user).select_related(
        "review", "review__kind", "unit", "number")
    filters = filters or {}
    if review := id_param(str(filters.get("review") or "").strip()):
        reports = reports.filter(review_id=review)
    if status := filters.get("status"):
        reports = reports.filter(status=status)
    return reports.order_by("-review__period_end", "review", "unit__path")


def visible_report(user: User, pk: object) -> Report:
    return get_object_or_404(Report.objects.visible_to(user).select_related(
        "review", "review__unit", "review__kind", "unit", "issuer", "issuer__profile",
        "number"), pk=pk)


def visible_section(user: User, pk: object) -> Section:
    return get_object_or_404(Section.objects.filter(
        report__in=Report.objects.visible_to(user)).select_related("report", "report__unit",
                                                                     "report__review"), pk=pk)


def visible_figure(user: User, pk: object) -> Figure:
    return get_object_or_404(Figure.objects.filter(
        report__in=Report.objects.visible_to(user)).select_related("report", "report__unit",
                                                                     "unit"), pk=pk)


@dataclass
class FigureView:
    figure: Figure
    value: Decimal | None
    text: str
    url: str

    @property
    def indicator_name(self) -> str:
        try:
            return str(registry.get(self.figure.indicator_code).name)
        except KeyError:
            return self.figure.indicator_code


def figure_view(figure: Figure) -> FigureView:
    value = figure_services.shown_value(figure)
    uom = figure.unit_of_measure if figure.frozen else figure_services.uom_of(
        figure.indicator_code)
    return FigureView(figure, value, format_value(value, uom),
                      records_url(figure.indicator_code, figure.unit, period_of(figure)))


@dataclass
class SectionView:
    section: Section
    label: str
    html: SafeString
    plain: str


@dataclass
class TargetRow:
    clause: str
    indicator: str
    unit: str
    uom: str
    baseline: Decimal | None
    goal: Decimal
    actual: FigureView | None
    met: bool | None


@dataclass
class SubordinateTable:
    columns: list[tuple[str, str]]  # (indicator name, unit of measure)
    rows: list[tuple[str, list[FigureView | None]]]  # (unit name, cells)


@dataclass
class ReportContext:
    report: Report
    sections: list[SectionView]
    figures: list[FigureView]  # every figure of the report
    inserted: list[FigureView]
    targets: list[TargetRow]
    table: SubordinateTable | None
    annexes: list = field(default_factory=list)


def _render(text: str, views: dict[int, FigureView]) -> tuple[SafeString, str]:
    def html_token(match) -> str:
        view = views.get(int(match[1]))
        if view is None:
            return escape(match[0])
        return format_html('<a class="kt-figure" href="{}" title="{}">{}</a>', view.url,
                           view.figure.label, view.text)

    def plain_token(match) -> str:
        view = views.get(int(match[1]))
        return view.text if view else match[0]

    text = normalize_newlines(text or "")
    paragraphs = [p for p in text.split("\n") if p.strip()]
    html = "".join(f"<p>{TOKEN.sub(html_token, escape(p))}</p>" for p in paragraphs)
    return mark_safe(html), TOKEN.sub(plain_token, text)  # noqa: S308 - escaped above


def _met(indicator_code: str, actual: Decimal | None, goal: Decimal) -> bool | None:
    if actual is None:
        return None
    try:
        lower = registry.get(indicator_code).direction == registry.Direction.LOWER
    except KeyError:
        return None
    return actual <= goal if lower else actual >= goal


def report_context(report: Report) -> ReportContext:
    with registry.memo():
        figures = list(report.figures.select_related("unit", "target").order_by("pk"))
        views = {figure.pk: figure_view(figure) for figure in figures}
        sections = []
        for section in report.sections.order_by("pk"):
            html, plain = _render(section.text, views)
            sections.append(SectionView(section, section.get_part_display(), html, plain))
        by_target = {f.target_id: views[f.pk] for f in figures
                     if f.source == Figure.Source.TARGET and f.target_id}
        targets = []
        for target in report_targets(report):
            actual = by_target.get(target.pk) if target_period(report, target) else None
            targets.append(TargetRow(
                f"{target.clause.directive.number_symbol} – {target.clause.number}",
                target.indicator_name, target.unit.name,
                figure_services.uom_of(target.indicator_code), target.baseline, target.goal,
                actual, _met(target.indicator_code, actual.value if actual else None,
                             target.goal)))
        table = _subordinate_table(report, figures, views) if report.is_central else None
        return ReportContext(report, sections, list(views.values()),
                             [views[f.pk] for f in figures
                              if f.source == Figure.Source.INSERTED],
                             targets, table, annexes_of(report))


def _subordinate_table(report: Report, figures: list[Figure],
                       views: dict[int, FigureView]) -> SubordinateTable | None:
    codes = table_indicators(report)
    if not codes:
        return None
    cells = {(f.indicator_code, f.unit_id): views[f.pk] for f in figures
             if f.source == Figure.Source.SUBORDINATE}
    columns = [(str(registry.get(code).name), figure_services.uom_of(code)) for code in codes]
    rows = [(unit.name, [cells.get((code, unit.pk)) for code in codes])
            for unit in subordinates(report)]
    rows.append((f"Toàn {report.unit.name}", [cells.get((code, report.unit_id))
                                              for code in codes]))
    return SubordinateTable(columns, rows)


# Comparison with the records today ---------------------------------------------------------

@dataclass
class Difference:
    figure: Figure
    frozen_text: str
    today_text: str
    value_changed: bool
    records_changed: bool
    url: str
    changes: list


def report_compare(report: Report) -> list[Difference]:
    """Each frozen figure that differs today (its value or the records behind it), with the
    records written after the report was issued."""
    found = []
    with registry.memo():
        for figure in report.figures.filter(frozen=True).select_related("unit").order_by("pk"):
            now = figure_services.compute_figure(figure)
            value_changed = now.value != figure.value
            records_changed = now.fingerprint != figure.fingerprint
            if not (value_changed or records_changed):
                continue
            found.append(Difference(
                figure, format_value(figure.value, figure.unit_of_measure),
                format_value(now.value, now.unit_of_measure), value_changed, records_changed,
                records_url(figure.indicator_code, figure.unit, period_of(figure)),
                figure_services.changed_records(figure, report.issued_at)))
    return found


# The Word document ---------------------------------------------------------------------------

def _figure_cell(view: FigureView | None) -> object:
    if view is None or view.value is None:
        return "–"
    return view.value


def document_data(report: Report, context: ReportContext | None = None
                  ) -> report_docx.ReportDocument:
    context = context or report_context(report)
    issuer = report.issuer
    review = report.review
    target_table = None
    if context.targets:
        target_table = Table(
            header=["TT", "Chỉ tiêu (điều khoản)", "Đơn vị", "Ban đầu", "Mục tiêu", "Thực hiện",
                    "Đánh giá"],
            rows=[[i, f"{row.indicator}{f' ({row.uom})' if row.uom else ''} – {row.clause}",
                   row.unit,
                   row.baseline if row.baseline is not None else "–", row.goal,
                   _figure_cell(row.actual),
                   "Đạt" if row.met else ("Chưa đạt" if row.met is False else "–")]
                  for i, row in enumerate(context.targets, start=1)],
            widths_cm=[1.0, 4.4, 2.8, 2.4, 2.4, 2.0, 1.5],
            align=["center", "left", "left", "right", "right", "right", "center"],
            caption="Bảng 1. Kết quả thực hiện các chỉ tiêu")
    subordinate_table = None
    if context.table is not None:
        header = ["TT", "Đơn vị", *(f"{name} ({uom})" for name, uom in context.table.columns)]
        count = len(context.table.columns)
        rows = [[i if i < len(context.table.rows) else "", name,
                 *(_figure_cell(cell) for cell in cells)]
                for i, (name, cells) in enumerate(context.table.rows, start=1)]
        subordinate_table = Table(
            header=header, rows=rows[:-1], total_row=rows[-1],
            widths_cm=[1.0, 4.6, *([10.0 / max(count, 1)] * count)],
            caption=f"Bảng {2 if target_table else 1}. Một số chỉ tiêu theo đơn vị trực thuộc")
    annexes = [report_docx.DocAnnex(str(a.title), [str(h) for h in a.header],
                                    [list(r) for r in a.rows], str(a.note or ""),
                                    widths_cm=a.widths_cm)
               for a in context.annexes]
    annexes.append(report_docx.DocAnnex(
        "Bảng truy nguyên số liệu",
        ["TT", "Số liệu", "Chỉ số", "Đơn vị (phạm vi)", "Kỳ", "Giá trị", "Đơn vị tính",
         "Tính lúc", "Dấu vân", "Số bản ghi"],
        [[i, view.figure.label, view.indicator_name, view.figure.unit.name,
          f"{view.figure.period_start:%d/%m/%Y} – {view.figure.period_end:%d/%m/%Y}",
          view.value if view.value is not None else "–",
          view.figure.unit_of_measure or figure_services.uom_of(view.figure.indicator_code),
          f"{view.figure.computed_at:%d/%m/%Y %H:%M}" if view.figure.computed_at else "–",
          view.figure.fingerprint[:12] or "–",
          view.figure.record_count if view.figure.record_count is not None else "–"]
         for i, view in enumerate(context.figures, start=1)],
        "Mỗi số liệu trong báo cáo được tính từ các bản ghi của hệ thống tại thời điểm ghi ở "
        "cột “Tính lúc”; dấu vân (SHA-256, 12 ký tự đầu) nhận diện tập bản ghi đó.",
        [1.0, 5.0, 3.6, 3.4, 2.6, 1.8, 1.6, 2.0, 2.6, 1.4]))
    return report_docx.ReportDocument(
        profile=issuer.profile if issuer else "state",
        issuer_name=issuer.name if issuer else report.unit.name,
        issuer_parent=issuer.parent_name if issuer else (
            report.unit.parent.name if report.unit.parent_id else ""),
        issuer_abbreviation=issuer.abbreviation if issuer else "",
        place=report.place or (issuer.place if issuer else ""),
        date=report.issued_on, number=report.number.symbol if report.number_id else None,
        title=report.title, unit_name=report.unit.name,
        period_text=report_docx.period_text(review.period_start, review.period_end),
        sections=[report_docx.DocSection(s.section.part, s.plain) for s in context.sections],
        target_table=target_table, subordinate_table=subordinate_table,
        missing=[line for line in report.missing_note.splitlines() if line.strip()],
        annexes=annexes,
        signature=Signature(report.signer_prefix, report.signer_office, report.signer_title,
                            report.signer_name),
        recipients=[line for line in report.recipients.splitlines() if line.strip()],
        is_draft=report.status == Report.Status.DRAFT)


def report_docx_bytes(report: Report) -> bytes:
    with translation.override("vi"):
        return report_docx.render(document_data(report))


def docx_filename(report: Report) -> str:
    number = report.number.symbol.replace("/", "-") if report.number_id else "du-thao"
    return f"bao-cao-{number}-{report.pk}.docx"


def format_cell(value) -> str:
    return format_figure(value)
