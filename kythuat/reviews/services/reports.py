"""Writes on review reports: create one (its sections empty, its header prefilled), edit a
section, refresh the automatic figures, issue (number once, figures frozen, the .docx kept)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.core.services import model_update
from kythuat.core.text import nfc
from kythuat.documents.models import DocumentType, Issuer
from kythuat.documents.selectors import Letterhead, default_signer, letterhead
from kythuat.documents.services import number_issue
from kythuat.indicators import registry
from kythuat.org import permissions
from kythuat.org.models import Unit, User
from kythuat.org.querysets import subtree_ids

from ..models import Figure, Report, Review, Section
from . import figures as figure_services

REPORT_FIELDS = ["title", "issuer", "place", "signer_prefix", "signer_office", "signer_title",
                 "signer_name", "recipients", "table_indicators"]
# The table by subordinate unit of a central report, unless the officer chooses others.
DEFAULT_TABLE_INDICATORS = ["holdings.on_hand", "holdings.technical_coefficient",
                            "holdings.combat_readiness", "storage.facilities",
                            "storage.gun_cabinets"]


def ensure_can_write(actor: User | None, report: Report) -> None:
    if actor is not None and not permissions.can_draft(actor, report.unit):
        raise PermissionDenied(_("You may not write the report of %(unit)s.")
                               % {"unit": report.unit.name})


def can_issue(user: User, report: Report) -> bool:
    return report.status == Report.Status.DRAFT and permissions.can_post(user, report.unit)


def table_indicators(report: Report) -> list[str]:
    codes = report.table_indicators or DEFAULT_TABLE_INDICATORS
    known = {indicator.code for indicator in registry.all_indicators()}
    return [code for code in codes if code in known]


def report_day(review: Review) -> dt.date:
    return min(review.conference_date or review.period_end, timezone.localdate())


def default_issuer(unit: Unit, day: dt.date) -> Issuer | None:
    """The unit's issuer valid on the day: its Party committee when one sits in its term on
    that day (a review of a resolution is the committee's report), its command otherwise."""
    issuers = list(Issuer.objects.filter(unit=unit).valid_on(day).select_related("profile")
                   .order_by("-valid_from", "pk"))
    for issuer in issuers:
        if (issuer.profile.code == "party" and issuer.term_start is not None
                and issuer.term_start <= day
                and (issuer.term_end is None or day <= issuer.term_end)):
            return issuer
    return next((issuer for issuer in issuers if issuer.profile.code != "party"), None)


def default_title(review: Review) -> str:
    directives = list(review.directives.select_related("kind").order_by("issued_on", "pk"))
    kind = review.kind.name[:1].lower() + review.kind.name[1:]
    if not directives:
        title = review.title[:1].lower() + review.title[1:]
        return nfc(f"Báo cáo {title}")[:500]
    named = ", ".join(f"{d.kind.name} số {d.number_symbol}" for d in directives)
    return nfc(f"Báo cáo {kind} thực hiện {named}")[:500]


@transaction.atomic
def report_create(*, actor: User | None, review: Review, unit: Unit,
                  title: str = "") -> Report:
    """The reviewing unit's central report, or the report of a unit named in the plan."""
    permissions.ensure_can_draft(actor, unit)
    is_central = unit.pk == review.unit_id
    if not is_central and not review.plan_entries.filter(unit=unit).exists():
        raise ValidationError({"unit": _(
            "%(unit)s is neither the reviewing unit nor a unit named in the plan of this "
            "review; add it to the plan first.") % {"unit": unit.name}}, code="not_in_plan")
    if Report.objects.filter(review=review, unit=unit).exists():
        raise ValidationError({"unit": _("%(unit)s already has a report for this review; open "
                                         "it instead.") % {"unit": unit.name}},
                              code="report_exists")
    day = report_day(review)
    issuer = default_issuer(unit, day)
    # The usual signer of the issuer: a military region's Bộ Tư lệnh, a province's Bộ Chỉ huy,
    # a Party committee's secretary (documents.selectors.default_signer).
    signer = default_signer(unit, Letterhead.of(issuer) if issuer else None)
    superior = review.unit.parent if is_central else review.unit
    recipients = [superior.name] if superior is not None else []
    report = Report.objects.create(
        review=review, unit=unit, issuer=issuer,
        title=" ".join(nfc(title).split())[:500] or default_title(review),
        place=issuer.place if issuer else letterhead(unit, day).place,
        signer_prefix=signer.prefix, signer_office=signer.office, signer_title=signer.title,
        recipients="\n".join(recipients))
    Section.objects.bulk_create([Section(report=report, part=part)
                                 for part in Section.Part.values])
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=report, unit=unit,
                 changes=audit.snapshot(report, ["title", "issuer"]))
    figures_refresh(actor=actor, report=report)
    return report


@transaction.atomic
def report_update(*, actor: User | None, report: Report, data: dict) -> Report:
    ensure_can_write(actor, report)
    figure_services.ensure_draft(report)
    data = {key: value for key, value in data.items() if key in REPORT_FIELDS}
    issuer = data.get("issuer")
    if issuer is not None and issuer.unit_id != report.unit_id:
        raise ValidationError({"issuer": _("Choose an issuer of %(unit)s.")
                               % {"unit": report.unit.name}})
    if "title" in data:
        data["title"] = " ".join(nfc(str(data["title"])).split())[:500]
        if not data["title"]:
            raise ValidationError({"title": _("Enter the subject line of the report.")})
    if "table_indicators" in data:
        data["table_indicators"] = [str(code) for code in data["table_indicators"] or []]
        for code in data["table_indicators"]:
            figure_services.indicator_or_error(code)
    changes = model_update(instance=report, fields=list(data), data=data)
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=report,
                     unit=report.unit, changes=changes)
    if "table_indicators" in changes:
        figures_refresh(actor=actor, report=report)
    return report


@transaction.atomic
def section_update(*, actor: User | None, section: Section, text: str) -> Section:
    report = section.report
    ensure_can_write(actor, report)
    figure_services.ensure_draft(report)
    text = nfc(str(text or "")).replace("\r\n", "\n").strip()
    figure_services.check_tokens(report, text)
    if text != section.text:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=report,
                     unit=report.unit, changes={section.part: [section.text[:200], text[:200]]})
        section.text = text
        section.updated_by = actor if actor is not None and actor.pk else None
        section.save(update_fields=["text", "updated_by", "updated_at"])
    return section


# Automatic figures ---------------------------------------------------------------------------

def report_targets(report: Report):
    """The targets of the reviewed directives in the report's unit subtree, each once: an
    allocation whose parent target is also in the subtree is counted there."""
    from kythuat.targets.models import Target

    return (Target.objects.within(report.unit)
            .filter(clause__directive__in=report.review.directives.all())
            .exclude(parent__unit__in=subtree_ids(report.unit))
            .select_related("clause", "clause__directive", "unit")
            .order_by("clause__directive__issued_on", "clause__order", "clause__number",
                      "unit__path", "pk"))


def target_period(report: Report, target) -> tuple[dt.date, dt.date] | None:
    """The actual is measured from the target's start to the review's end (or the deadline,
    if earlier); None when the target starts after the review's period."""
    end = min(target.deadline, report.review.period_end)
    return None if end < target.start else (target.start, end)


def subordinates(report: Report) -> list[Unit]:
    return list(report.unit.children.order_by("name"))


@transaction.atomic
def figures_refresh(*, actor: User | None, report: Report) -> int:
    """Makes the figures of the automatic tables match the targets and the chosen indicators:
    one figure per target (its actual) and one per cell of the table by subordinate unit (the
    central report only). Returns how many figures were added or removed."""
    ensure_can_write(actor, report)
    figure_services.ensure_draft(report)
    existing = list(report.figures.exclude(source=Figure.Source.INSERTED))
    wanted: dict[tuple, dict] = {}
    for target in report_targets(report):
        span = target_period(report, target)
        if span is None or target.indicator_code not in {
                i.code for i in registry.all_indicators()}:
            continue
        wanted[(Figure.Source.TARGET, target.pk, target.indicator_code, target.unit_id,
                *span)] = {"target": target, "unit": target.unit,
                           "indicator_code": target.indicator_code,
                           "label": str(target)[:300]}
    if report.is_central:
        review = report.review
        units = [*subordinates(report), report.unit]
        for code in table_indicators(report):
            name = str(registry.get(code).name)
            for unit in units:
                wanted[(Figure.Source.SUBORDINATE, None, code, unit.pk, review.period_start,
                        review.period_end)] = {"target": None, "unit": unit,
                                               "indicator_code": code,
                                               "label": f"{name} – {unit.name}"[:300]}
    changed = 0
    for figure in existing:
        key = (figure.source, figure.target_id, figure.indicator_code, figure.unit_id,
               figure.period_start, figure.period_end)
        if wanted.pop(key, None) is None:
            figure.delete()
            changed += 1
    for (source, _target, code, _unit, start, end), values in wanted.items():
        figure_services.figure_add(actor=None, report=report, indicator_code=code,
                                   unit=values["unit"], period_start=start, period_end=end,
                                   label=values["label"], source=source,
                                   target=values["target"], audited=False)
        changed += 1
    return changed


# Issuing -----------------------------------------------------------------------------------

def missing_reports(report: Report) -> list[str]:
    """The plan units without an issued report, one line each (the central report only)."""
    if not report.is_central:
        return []
    issued = set(report.review.reports.filter(status=Report.Status.ISSUED)
                 .values_list("unit_id", flat=True))
    return [_("%(unit)s (due by %(deadline)s)") % {
        "unit": entry.unit.name, "deadline": entry.deadline.strftime("%d/%m/%Y")}
        for entry in report.review.plan_entries.select_related("unit").order_by("unit__path")
        if entry.unit_id not in issued]


def report_issue(*, actor: User | None, report: Report, date: dt.date | None = None) -> Report:
    """Issues the report once: a second click, a retry or a concurrent click answers the
    report as already issued, with its one number."""
    try:
        return _report_issue(actor=actor, pk=report.pk, date=date)
    except IntegrityError:
        # The number was already linked to another document: nothing was kept.
        raise ValidationError(_("The number taken for this report is already used by another "
                                "document; check the register of numbers and try again."),
                              code="number_clash") from None


@transaction.atomic
def _report_issue(*, actor: User | None, pk: int, date: dt.date | None) -> Report:
    # The row lock makes concurrent clicks wait here; the second finds the report issued.
    report = (Report.objects.select_for_update(of=("self",))
              .select_related("review", "unit", "issuer")
              .get(pk=pk))
    if report.status == Report.Status.ISSUED:
        return report
    if actor is not None and not permissions.can_post(actor, report.unit):
        raise PermissionDenied(_("Only an officer of %(unit)s or a unit above it may issue "
                                 "its report.") % {"unit": report.unit.name})
    day = date or timezone.localdate()
    if report.issuer is None:
        raise ValidationError({"issuer": _(
            "Choose the issuer of the report (the Party committee or the command of %(unit)s) "
            "before issuing it.") % {"unit": report.unit.name}}, code="no_issuer")
    if day < report.review.period_start:
        raise ValidationError({"date": _("The report cannot be issued before the period it "
                                         "reviews starts.")}, code="date_early")
    for section in report.sections.all():
        figure_services.check_tokens(report, section.text)
    figures_refresh(actor=None, report=report)
    number = number_issue(actor=actor, issuer=report.issuer,
                          document_type=DocumentType.objects.get(code="BC"), date=day,
                          subject=report.title, reference=f"reviews.report:{report.pk}",
                          once_key=str(report.pk))
    if Report.objects.filter(number=number).exclude(pk=report.pk).exists():
        raise ValidationError(_("The number %(symbol)s is already used by another report; "
                                "check the register of numbers.") % {"symbol": number.symbol},
                              code="number_clash")
    now = timezone.now()
    for figure in report.figures.select_related("unit"):
        figure_services.freeze(figure, now=now)
    with translation.override("vi"):  # written into the document
        report.missing_note = "\n".join(missing_reports(report))
    report.status = Report.Status.ISSUED
    report.number = number
    report.issued_on = day
    report.issued_at = now
    report.issued_by = actor if actor is not None and actor.pk else None
    from ..report_selectors import report_docx_bytes

    content = report_docx_bytes(report)
    report.issued_file.save(f"bao-cao-{report.pk}.docx", ContentFile(content), save=False)
    report.save()
    if report.is_central and report.review.status != Review.Status.HELD:
        report.review.status = Review.Status.ISSUED
        report.review.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=report, unit=report.unit,
                 changes={"status": ["draft", "issued"], "number": [None, number.symbol]},
                 note=report.missing_note[:500])
    return report
