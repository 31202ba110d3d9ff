"""Holdings indicators: pieces on hand as at a date, by grade and branch, the technical
coefficient and combat readiness (ratios of those stocks), and documents posted.

A stock's records are the ledger entries of the subtree up to the period's end: their
quantities add up to what was on hand that day. The value itself is read through the as-at
selector, which starts from the nearest closed period's snapshot, so a figure "for 2025" does
not change when an item is regraded in 2026.
"""

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Case, F, Q, QuerySet, When
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kythuat.catalog.models import Branch, EquipmentType, Tracking, UsageGroup
from kythuat.catalog.selectors import serviceable_grades
from kythuat.indicators.registry import (
    Dimension,
    Direction,
    Kind,
    Period,
    register,
    register_ratio,
    remember,
)
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from .models import LedgerEntry, Movement
from .selectors import subtree_balances_as_of

SERIAL = {"type__tracking": Tracking.SERIAL}


def grade_labels(keys: Collection) -> dict:
    return {grade: _("Grade %(grade)s") % {"grade": grade} for grade in range(1, 6)}


def branch_labels(keys: Collection) -> dict:
    return dict(Branch.objects.filter(pk__in=[k for k in keys if k is not None])
                .order_by("order", "name").values_list("pk", "name"))


def usage_group_labels(keys: Collection) -> dict:
    return dict(UsageGroup.objects.filter(pk__in=[k for k in keys if k is not None])
                .order_by("order", "name").values_list("pk", "name"))


GRADE = Dimension("grade", gettext_lazy("Quality grade"), "grade", labels=grade_labels)
BRANCH = Dimension("branch", gettext_lazy("Technical branch"), "type__branch_id",
                   labels=branch_labels)
PARAMS = {"grade": "grade", "branch": "branch"}  # dimension → filter of the item list


def _holdings_link(unit: Unit, period: Period, where: Mapping[str, object],
                   extra: Mapping[str, object] | None = None) -> str:
    """Today: the item list; a past date: the balances as at that date."""
    params = {"unit": unit.pk, **{PARAMS[k]: v for k, v in where.items() if k in PARAMS},
              **(extra or {})}
    if period.end >= timezone.localdate():
        return f"{reverse('holdings:item-list')}?{urlencode(params)}"
    params["as_of"] = period.end.strftime("%d/%m/%Y")
    return f"{reverse('holdings:balance-list')}?{urlencode(params)}"


def _entries(unit: Unit, period: Period, **filters) -> QuerySet:
    return (LedgerEntry.objects.filter(unit__in=subtree_ids(unit), effective_date__lte=period.end,
                                       **SERIAL, **filters)
            .select_related("unit", "movement", "type", "item"))


def _fast(**filters):
    """The same figure as the entries' sum, read from the nearest snapshot or today's balances.

    The database groups by type id (and filters on the serial types' ids), read from the
    covering indexes with no join to the catalogue; each type's branch is looked up here."""

    def read(unit: Unit, period: Period, fields: Sequence[str], prefix: int | None) -> dict:
        day = None if period.end >= timezone.localdate() else period.end
        types = catalogue_types()
        wanted = tuple("type_id" if name == "type__branch_id" else name for name in fields)
        # By subordinate: with a breakdown the database groups by the subordinate's path (few
        # groups, one join per row); for a total only, by unit id (no join; one group a unit).
        by_path = bool(prefix and fields)
        expressions = {"path": Substr("unit__path", 1, prefix)} if by_path else None
        read_fields = (("unit_id",) if prefix and not by_path else ()) + wanted
        rows = subtree_balances_as_of(
            unit=unit, day=day, fields=read_fields, expressions=expressions,
            filters={"type__in": [pk for pk, (_branch, serial) in types.items() if serial],
                     **filters})
        path_of = (dict(Unit.objects.within(unit).values_list("pk", "path"))
                   if prefix and not by_path else {})
        found: dict = defaultdict(Decimal)
        for key, quantity in rows.items():
            if not prefix:
                head, rest = (), key
            elif by_path:
                head, rest = (key[0],), key[1:]
            else:
                head, rest = (path_of[key[0]][:prefix],), key[1:]
            mapped = tuple(types[value][0] if name == "type__branch_id" else value
                           for name, value in zip(fields, rest, strict=True))
            found[head + mapped] += quantity
        return found

    return read


def catalogue_types() -> dict[int, tuple[int, bool]]:
    """Each type's branch and whether it is serial-tracked (pieces that add up), so the as-at
    reads filter and group by type id with no join to the catalogue; read once a request."""
    return remember(("holdings.types",), lambda: {
        pk: (branch, tracking == Tracking.SERIAL)
        for pk, branch, tracking in EquipmentType.objects.values_list("pk", "branch_id",
                                                                      "tracking")})


def _serviceable(period: Period) -> dict:
    return {"grade__in": serviceable_grades(period.end)}


def _ready() -> dict:
    return {"usage_group__in": list(UsageGroup.objects.filter(is_combat_ready=True)
                                    .values_list("pk", flat=True))}


STOCK = {"kind": Kind.STOCK, "unit": gettext_lazy("pieces"), "unit_code": "piece",
         "amount": "quantity", "date_field": "effective_date", "record_link": "movement",
         "dimensions": (GRADE, BRANCH)}


@register("holdings.on_hand", name=gettext_lazy("Holdings on hand"),
          definition=gettext_lazy("Pieces of serial-tracked equipment (weapons, vehicles, "
                                  "instruments) on hand in the subtree at the end of the period, "
                                  "all grades together."),
          fast=_fast(), link=_holdings_link, **STOCK)
def on_hand(unit: Unit, period: Period) -> QuerySet:
    return _entries(unit, period)


def _serviceable_fast(unit: Unit, period: Period, fields: Sequence[str],
                      prefix: int | None) -> dict:
    return _fast(**_serviceable(period))(unit, period, fields, prefix)


@register("holdings.serviceable", name=gettext_lazy("Serviceable holdings"),
          definition=gettext_lazy("Pieces of serial-tracked equipment on hand at the end of the "
                                  "period in the grades marked as serviceable in the reference "
                                  "data on that day (by default grades 1 and 2)."),
          fast=_serviceable_fast, link=_holdings_link, **STOCK)
def serviceable(unit: Unit, period: Period) -> QuerySet:
    return _entries(unit, period, **_serviceable(period))


def _ready_link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
    group = UsageGroup.objects.filter(is_combat_ready=True).order_by("order").first()
    return _holdings_link(unit, period, where, {"usage_group": group.pk} if group else {})


@register("holdings.ready_on_hand", name=gettext_lazy("Holdings in combat readiness"),
          definition=gettext_lazy("Pieces of serial-tracked equipment on hand at the end of the "
                                  "period in the combat-readiness usage group (SSCĐ)."),
          fast=lambda unit, period, fields, prefix: _fast(**_ready())(
              unit, period, fields, prefix),
          link=_ready_link, **STOCK)
def ready_on_hand(unit: Unit, period: Period) -> QuerySet:
    return _entries(unit, period, **_ready())


@register("holdings.ready_serviceable",
          name=gettext_lazy("Serviceable holdings in combat readiness"),
          definition=gettext_lazy("Pieces of serial-tracked equipment on hand at the end of the "
                                  "period in the combat-readiness usage group and in a "
                                  "serviceable grade."),
          fast=lambda unit, period, fields, prefix: _fast(
              **_ready(), **_serviceable(period))(unit, period, fields, prefix),
          link=_ready_link, **STOCK)
def ready_serviceable(unit: Unit, period: Period) -> QuerySet:
    return _entries(unit, period, **_ready(), **_serviceable(period))


register_ratio("holdings.technical_coefficient", numerator="holdings.serviceable",
               denominator="holdings.on_hand", name=gettext_lazy("Technical coefficient"),
               definition=gettext_lazy(
                   "Share of the pieces of serial-tracked equipment on hand at the end of the "
                   "period that are in a serviceable grade, in per cent: serviceable pieces of "
                   "all the units together over all their pieces."),
               unit="%", unit_code="percent", link=_holdings_link)

register_ratio("holdings.combat_readiness", numerator="holdings.ready_serviceable",
               denominator="holdings.ready_on_hand",
               name=gettext_lazy("Combat readiness (SSCĐ)"),
               definition=gettext_lazy(
                   "Share of the pieces in the combat-readiness usage group at the end of the "
                   "period that are in a serviceable grade, in per cent."),
               unit="%", unit_code="percent", link=_ready_link)


def _documents_link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
    params = {"unit": unit.pk, "status": "posted", "date_from": period.start.strftime("%d/%m/%Y"),
              "date_to": period.end.strftime("%d/%m/%Y")}
    return f"{reverse('holdings:movement-list')}?{urlencode(params)}"


@register("holdings.documents_posted", name=gettext_lazy("Documents posted"),
          definition=gettext_lazy("Documents (receipts, issues, transfers …) posted with an "
                                  "effective date in the period by units of the subtree; a "
                                  "transfer between two of its units counts once, for the "
                                  "sender."),
          kind=Kind.FLOW, unit=gettext_lazy("documents"), unit_code="document",
          direction=Direction.HIGHER, date_field="effective_date", path_field="owner_path",
          link=_documents_link)
def documents_posted(unit: Unit, period: Period) -> QuerySet:
    ids = subtree_ids(unit)
    sent = Q(from_unit__in=ids)
    return (Movement.objects.filter(sent | Q(to_unit__in=ids), status=Movement.Status.POSTED,
                                    effective_date__range=(period.start, period.end))
            .annotate(owner_path=Case(When(sent, then=F("from_unit__path")),
                                      default=F("to_unit__path")))
            .select_related("from_unit", "to_unit"))
