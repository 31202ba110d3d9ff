"""Storage indicators (facilities, investment, inspections, condition readings) and the alert
sources of the dashboard: readings out of limits not yet acknowledged, overdue inspections."""

from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kythuat.indicators.alerts import Alert, alert_source
from kythuat.indicators.registry import Period, register
from kythuat.org.models import Unit

from .filters import overdue, unacknowledged
from .models import ConditionReading, Facility, Inspection, Investment


def _facilities(unit: Unit):
    """Facilities of the subtree that exist or are being built (not decommissioned)."""
    return Facility.objects.within(unit).exclude(status=Facility.Status.DECOMMISSIONED)


def _investments(unit: Unit, period: Period):
    return Investment.objects.within(unit).filter(year__gte=period.start.year,
                                                  year__lte=period.end.year)


@register("storage_facilities_by_kind", name=gettext_lazy("Facilities by kind"),
          definition=gettext_lazy("Facilities of the subtree in use or being built, by kind "
                                  "(depot, station, workshop, gun cabinet, vehicle shed …)."),
          measure=gettext_lazy("facilities"))
def facilities_by_kind(unit: Unit, period: Period) -> dict[str, int]:
    rows = (_facilities(unit).values("kind__name", "kind__order").annotate(n=Count("pk"))
            .order_by("kind__order", "kind__name"))
    return {row["kind__name"]: row["n"] for row in rows}


@register("storage_facilities_by_standard", name=gettext_lazy("Facilities by standard met"),
          definition=gettext_lazy("Facilities of the subtree in use or being built, by the "
                                  "standard they meet; those with none recorded count apart."),
          measure=gettext_lazy("facilities"))
def facilities_by_standard(unit: Unit, period: Period) -> dict[str, int]:
    rows = (_facilities(unit).values("standard__name", "standard__order").annotate(n=Count("pk"))
            .order_by("standard__order", "standard__name"))
    return {row["standard__name"] or _("no standard recorded"): row["n"] for row in rows}


@register("storage_facilities_built", name=gettext_lazy("Facilities built"),
          definition=gettext_lazy("Facilities of the subtree with a new-construction record in "
                                  "the years of the period."),
          measure=gettext_lazy("facilities"))
def facilities_built(unit: Unit, period: Period) -> int:
    return (_investments(unit, period).filter(kind=Investment.Kind.BUILT)
            .values("facility_id").distinct().count())


@register("storage_investment_total", name=gettext_lazy("Money invested in facilities"),
          definition=gettext_lazy("Cost of the construction and investment records of the "
                                  "subtree's facilities in the years of the period, all "
                                  "funding sources together."),
          measure="VND")
def investment_total(unit: Unit, period: Period) -> int:
    return _investments(unit, period).aggregate(total=Sum("cost_vnd"))["total"] or 0


@register("storage_investment_by_source",
          name=gettext_lazy("Money invested in facilities by funding source"),
          definition=gettext_lazy("Cost of the construction and investment records of the "
                                  "subtree's facilities in the years of the period, by funding "
                                  "source."),
          measure="VND")
def investment_by_source(unit: Unit, period: Period) -> list[dict]:
    return list(_investments(unit, period)
                .values("funding_source_id", "funding_source__name")
                .annotate(total=Sum("cost_vnd"))
                .order_by("funding_source__order", "funding_source__name"))


@register("storage_inspections_open", name=gettext_lazy("Open facility inspections"),
          definition=gettext_lazy("Inspections of the subtree's facilities whose findings are "
                                  "not yet fixed (closed), today."),
          measure=gettext_lazy("inspections"))
def inspections_open(unit: Unit, period: Period) -> int:
    return Inspection.objects.within(unit).filter(closed_on__isnull=True).count()


@register("storage_readings_unacknowledged",
          name=gettext_lazy("Readings out of limits, not acknowledged"),
          definition=gettext_lazy("Temperature or humidity readings of the subtree's facilities "
                                  "outside the facility's limits that no officer has "
                                  "acknowledged yet, today."),
          measure=gettext_lazy("readings"))
def readings_unacknowledged(unit: Unit, period: Period) -> int:
    return unacknowledged(ConditionReading.objects.within(unit)).count()


def _url(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


@alert_source("storage_readings_out_of_limits")
def readings_out_of_limits(unit: Unit) -> list[Alert]:
    readings = unacknowledged(ConditionReading.objects.within(unit))
    found = readings.aggregate(n=Count("pk"), facilities=Count("facility_id", distinct=True))
    if not found["n"]:
        return []
    return [Alert(
        source="storage_readings_out_of_limits", level="danger",
        title=ngettext("%(count)s reading out of limits to acknowledge",
                       "%(count)s readings out of limits to acknowledge",
                       found["n"]) % {"count": found["n"]},
        count=found["n"],
        url=_url("storage:reading-list", unit=unit.pk, state="unacknowledged"),
        detail=ngettext("Temperature or humidity outside the limits in %(count)s facility.",
                        "Temperature or humidity outside the limits in %(count)s facilities.",
                        found["facilities"]) % {"count": found["facilities"]},
    )]


@alert_source("storage_inspections_overdue")
def inspections_overdue(unit: Unit) -> list[Alert]:
    late = overdue(Inspection.objects.within(unit)).aggregate(n=Count("pk"))
    if not late["n"]:
        return []
    return [Alert(
        source="storage_inspections_overdue", level="warning",
        title=ngettext("%(count)s facility inspection overdue for fixes",
                       "%(count)s facility inspections overdue for fixes",
                       late["n"]) % {"count": late["n"]},
        count=late["n"],
        url=_url("storage:inspection-list", unit=unit.pk, state="overdue"),
        detail=_("Findings not fixed by their deadline."),
    )]

