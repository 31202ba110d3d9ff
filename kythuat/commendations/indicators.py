"""Commendation indicators: recipients commended and decisions issued, flows over the period
by the date of the decision, each over a unit's subtree (the recipient's unit for recipients,
the awarding unit for decisions)."""

from collections.abc import Collection, Mapping
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kythuat.indicators.registry import Dimension, Direction, Kind, Period, register
from kythuat.org.models import Unit, UnitKind
from kythuat.org.querysets import subtree_ids

from .models import Commendation, CommendationDecision, CommendationForm, RecipientKind


def form_labels(keys: Collection) -> dict:
    return dict(CommendationForm.objects.filter(pk__in=[k for k in keys if k is not None])
                .order_by("order", "name").values_list("pk", "name"))


def kind_labels(keys: Collection) -> dict:
    return {value: str(label) for value, label in RecipientKind.choices}


def level_labels(keys: Collection) -> dict:
    return dict(UnitKind.objects.filter(pk__in=[k for k in keys if k is not None])
                .order_by("order", "name").values_list("pk", "name"))


def _list_link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
    """The commendation list filters by one year: the period's, when it lies in one year."""
    params: dict = {"unit": unit.pk}
    if period.start.year == period.end.year:
        params["year"] = period.start.year
    for name, param in (("form", "form"), ("recipient_kind", "kind"), ("level", "level")):
        if where.get(name) is not None:
            params[param] = where[name]
    return f"{reverse('commendations:commendation-list')}?{urlencode(params)}"


def _decision_link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
    params: dict = {"unit": unit.pk, "status": CommendationDecision.Status.ISSUED}
    if period.start.year == period.end.year:
        params["year"] = period.start.year
    if where.get("form") is not None:
        params["form"] = where["form"]
    return f"{reverse('commendations:decision-list')}?{urlencode(params)}"


FORM = Dimension("form", _("Form of commendation"), "form_id", labels=form_labels)
RECIPIENT_KIND = Dimension("recipient_kind", _("Collective or individual"), "kind",
                           labels=kind_labels)
LEVEL = Dimension("level", _("Awarding level"), "decision__unit__kind_id", labels=level_labels)


@register("commendations.recipients", name=_("Recipients commended"),
          definition=_("Collectives and individuals of the subtree awarded a commendation by a "
                       "decision issued with a date in the period (one recipient of one "
                       "decision counts once), by form, collective or individual, and the "
                       "level of the awarding unit."),
          kind=Kind.FLOW, unit=_("recipients"), unit_code="recipient",
          direction=Direction.HIGHER, dimensions=(FORM, RECIPIENT_KIND, LEVEL),
          date_field="awarded_on", record_link="decision", link=_list_link)
def recipients(unit: Unit, period: Period) -> QuerySet:
    return (Commendation.objects.filter(unit__in=subtree_ids(unit),
                                        awarded_on__range=(period.start, period.end))
            .select_related("unit", "form", "decision"))


@register("commendations.decisions", name=_("Commendation decisions issued"),
          definition=_("Commendation decisions issued by the units of the subtree with a date "
                       "in the period, by form."),
          kind=Kind.FLOW, unit=_("decisions"), unit_code="decision",
          direction=Direction.HIGHER, dimensions=(FORM,), date_field="decided_on",
          link=_decision_link)
def decisions(unit: Unit, period: Period) -> QuerySet:
    return (CommendationDecision.objects.filter(unit__in=subtree_ids(unit),
                                                status=CommendationDecision.Status.ISSUED,
                                                decided_on__range=(period.start, period.end))
            .select_related("unit", "form", "number"))
