"""Initiative indicators: registered (by field), recognised (by level), applied by other units,
adoptions, and the declared money benefit of recognised initiatives — flows over the period,
each over the records that carry their own date."""

from collections.abc import Collection, Mapping
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kythuat.indicators.registry import Dimension, Direction, Kind, Period, register
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from .models import Adoption, Dossier, Initiative, InitiativeField, RecognitionLevel


def field_labels(keys: Collection) -> dict:
    return dict(InitiativeField.objects.filter(pk__in=[k for k in keys if k is not None])
                .order_by("order", "name").values_list("pk", "name"))


def level_labels(keys: Collection) -> dict:
    return dict(RecognitionLevel.objects.filter(pk__in=[k for k in keys if k is not None])
                .order_by("order", "name").values_list("pk", "name"))


def where_labels(keys: Collection) -> dict:
    names = {True: _("by another unit"), False: _("by the initiative's own unit")}
    return {key: str(names.get(key, key)) for key in sorted(keys, key=lambda k: not k)}


def _list_link(**fixed: object):
    def link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
        params: dict = {"unit": unit.pk, **fixed}
        if period.start.year == period.end.year:
            params["year"] = period.start.year
        if where.get("field"):
            params["field"] = where["field"]
        if where.get("level"):
            params["level"] = where["level"]
        return f"{reverse('initiatives:initiative-list')}?{urlencode(params)}"

    return link


FIELD = Dimension("field", _("Field"), "field_id", labels=field_labels)
LEVEL = Dimension("level", _("Recognition level"), "council__level_id", labels=level_labels)
WHERE = Dimension("where", _("Applied"), "is_elsewhere", labels=where_labels)


@register("initiatives.registered", name=_("Initiatives registered"),
          definition=_("Technical initiatives registered by the units of the subtree with a "
                       "registration date in the period, by field."),
          kind=Kind.FLOW, unit=_("initiatives"), unit_code="initiative",
          direction=Direction.HIGHER, dimensions=(FIELD,), date_field="registered_on",
          link=_list_link())
def registered(unit: Unit, period: Period) -> QuerySet:
    return (Initiative.objects.filter(unit__in=subtree_ids(unit),
                                      registered_on__range=(period.start, period.end))
            .select_related("unit", "field"))


@register("initiatives.recognised", name=_("Initiatives recognised"),
          definition=_("Recognitions of the subtree's initiatives by a council's decision dated "
                       "in the period, by level (an initiative recognised at two levels counts "
                       "once at each)."),
          kind=Kind.FLOW, unit=_("initiatives"), unit_code="initiative",
          direction=Direction.HIGHER, dimensions=(LEVEL,), date_field="decision_date",
          path_field="initiative__unit__path", record_link="initiative",
          link=_list_link(status=Initiative.Status.RECOGNISED))
def recognised(unit: Unit, period: Period) -> QuerySet:
    return (Dossier.objects.filter(initiative__unit__in=subtree_ids(unit),
                                   outcome=Dossier.Outcome.RECOGNISED,
                                   decision_date__range=(period.start, period.end))
            .select_related("initiative", "initiative__unit", "council", "council__level"))


@register("initiatives.applied", name=_("Initiatives applied elsewhere"),
          definition=_("Initiatives of the subtree that another unit (not the initiative's own "
                       "unit nor an author's unit) started to apply in the period; each "
                       "initiative counts once however many units applied it."),
          kind=Kind.FLOW, unit=_("initiatives"), unit_code="initiative",
          direction=Direction.HIGHER, dimensions=(FIELD,), date_field="registered_on",
          link=_list_link(applied="true"))
def applied(unit: Unit, period: Period) -> QuerySet:
    elsewhere = Adoption.objects.filter(initiative=OuterRef("pk"), is_elsewhere=True,
                                        adopted_on__range=(period.start, period.end))
    return (Initiative.objects.filter(unit__in=subtree_ids(unit)).filter(Exists(elsewhere))
            .select_related("unit", "field"))


@register("initiatives.adoptions", name=_("Initiative adoptions"),
          definition=_("Initiatives applied by the units of the subtree with a date applied in "
                       "the period (one record per unit and initiative), by whether the "
                       "initiative came from another unit."),
          kind=Kind.FLOW, unit=_("adoptions"), unit_code="adoption",
          direction=Direction.HIGHER, dimensions=(WHERE,), date_field="adopted_on",
          record_link="initiative")
def adoptions(unit: Unit, period: Period) -> QuerySet:
    return (Adoption.objects.filter(unit__in=subtree_ids(unit),
                                    adopted_on__range=(period.start, period.end))
            .select_related("unit", "initiative"))


@register("initiatives.benefit_vnd", name=_("Declared benefit of recognised initiatives"),
          definition=_("Money saved per year, as declared in the dossier, of the subtree's "
                       "initiatives first recognised in the period."),
          kind=Kind.FLOW, unit="VND", unit_code="vnd", direction=Direction.HIGHER,
          amount="benefit_vnd", dimensions=(FIELD,), date_field="recognised_on",
          link=_list_link(status=Initiative.Status.RECOGNISED))
def benefit_vnd(unit: Unit, period: Period) -> QuerySet:
    return (Initiative.objects.filter(unit__in=subtree_ids(unit), benefit_vnd__isnull=False,
                                      recognised_on__range=(period.start, period.end))
            .select_related("unit", "field"))
