"""Holdings indicators. Later modules add theirs in their own definitions module."""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from kythuat.catalog.models import GradeDefinition, Tracking, UsageGroup
from kythuat.holdings.models import Balance, Movement
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from .registry import Period, register


def _balances(unit: Unit):
    """Serial-tracked equipment only: pieces (khẩu, chiếc, bộ) add up; rounds, litres and
    kilograms do not, and are read by type on the balances page."""
    return Balance.objects.filter(unit__in=subtree_ids(unit), quantity__gt=0,
                                  type__tracking=Tracking.SERIAL)


@register("holdings_total", name=_("Holdings on hand"),
          definition=_("Pieces of serial-tracked equipment (weapons, vehicles, instruments) on "
                       "hand in the subtree, all grades together."),
          measure=_("pieces"))
def holdings_total(unit: Unit, period: Period) -> Decimal:
    return _balances(unit).aggregate(total=Sum("quantity"))["total"] or Decimal(0)


@register("holdings_by_grade", name=_("Holdings by quality grade"),
          definition=_("Pieces of serial-tracked equipment on hand in the subtree, by grade 1–5."),
          measure=_("pieces"))
def holdings_by_grade(unit: Unit, period: Period) -> dict[int, Decimal]:
    rows = _balances(unit).values("grade").annotate(total=Sum("quantity")).order_by("grade")
    totals = {grade: Decimal(0) for grade in range(1, 6)}
    totals.update({row["grade"]: row["total"] for row in rows})
    return totals


@register("holdings_by_branch", name=_("Holdings by technical branch"),
          definition=_("Pieces of serial-tracked equipment on hand in the subtree, by technical "
                       "branch."),
          measure=_("pieces"))
def holdings_by_branch(unit: Unit, period: Period) -> list[dict]:
    return list(_balances(unit).values("type__branch_id", "type__branch__name")
                .annotate(total=Sum("quantity")).order_by("type__branch__order"))


def serviceable_grades(day) -> list[int]:
    return sorted(set(GradeDefinition.objects.valid_on(day).filter(is_serviceable=True)
                      .values_list("level", flat=True)))


@register("technical_coefficient", name=_("Technical coefficient"),
          definition=_("Share of the pieces of serial-tracked equipment on hand that are in the "
                       "grades marked as serviceable in the reference data (by default grades "
                       "1 and 2), in per cent."),
          measure="%")
def technical_coefficient(unit: Unit, period: Period) -> Decimal | None:
    grades = serviceable_grades(period.end)
    totals = _balances(unit).aggregate(all=Sum("quantity"),
                                       good=Sum("quantity", filter=Q(grade__in=grades)))
    if not totals["all"]:
        return None
    return (Decimal(100) * (totals["good"] or 0) / totals["all"]).quantize(Decimal("0.1"))


@register("combat_readiness", name=_("Combat readiness (SSCĐ)"),
          definition=_("Share of the pieces of serial-tracked equipment in the combat-readiness "
                       "usage group that are in a serviceable grade, in per cent."),
          measure="%")
def combat_readiness(unit: Unit, period: Period) -> Decimal | None:
    grades = serviceable_grades(period.end)
    groups = UsageGroup.objects.filter(is_combat_ready=True).values("pk")
    totals = _balances(unit).filter(usage_group__in=groups).aggregate(
        all=Sum("quantity"), good=Sum("quantity", filter=Q(grade__in=grades)))
    if not totals["all"]:
        return None
    return (Decimal(100) * (totals["good"] or 0) / totals["all"]).quantize(Decimal("0.1"))


@register("documents_posted", name=_("Documents posted"),
          definition=_("Documents posted in the period by units of the subtree."),
          measure=_("documents"))
def documents_posted(unit: Unit, period: Period) -> int:
    ids = subtree_ids(unit)
    return (Movement.objects.filter(Q(from_unit__in=ids) | Q(to_unit__in=ids),
                                    status=Movement.Status.POSTED,
                                    effective_date__range=(period.start, period.end))
            .aggregate(n=Count("pk"))["n"])
