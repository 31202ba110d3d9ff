"""The holdings' sections on other apps' pages (`kythuat.core.sections`): what is on hand of
an equipment type by quality grade, and what a facility holds."""

from decimal import Decimal

from django.db.models import Sum
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from kythuat.catalog.sections import TYPE_PAGE
from kythuat.core.pagination import paginate
from kythuat.core.sections import Section
from kythuat.org.selectors import default_unit
from kythuat.storage.sections import FACILITY_PAGE

from .models import Balance
from .selectors import subtree_balances_as_of


def _quantity(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value.normalize()


@TYPE_PAGE.section(order=10, title=_("On hand by quality grade"))
def type_on_hand(etype, user) -> Section:
    try:
        unit = default_unit(user)
    except Http404:
        return Section("holdings/_type_on_hand.html", {"etype": etype, "unit": None})
    on_hand = subtree_balances_as_of(unit=unit, day=None, fields=("grade",),
                                     filters={"type": etype})
    grades = [{"grade": grade, "value": _quantity(on_hand.get((grade,), Decimal(0)))}
              for grade in range(1, 6)]
    total = _quantity(sum((row["value"] for row in grades), Decimal(0)))
    return Section("holdings/_type_on_hand.html",
                   {"etype": etype, "unit": unit, "grades": grades, "total": total})


HELD_ROWS = 20  # rows of holdings per page on a facility's page; the filtered lists show all


@FACILITY_PAGE.section(order=10, title=_("Held here"))
def facility_held(facility, request) -> Section:
    held = (Balance.objects.visible_to(request.user)
            .filter(facility=facility, quantity__gt=0)
            .values("type_id", "type__symbol", "type__name", "type__uom", "grade")
            .annotate(total=Sum("quantity"))
            .order_by("type__name", "grade"))
    page = paginate(request, held, per_page=HELD_ROWS)
    for row in page.object_list:
        row["total"] = _quantity(row["total"])
    return Section("holdings/_facility_held.html", {"page": page})
