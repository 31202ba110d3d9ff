"""Technical staff indicators: the staff by category (stock, from the assignments), the skill
levels held by trade and band (stock), the share of the establishment filled (ratio of the
people counted against it to the establishment), the exam sessions held and the candidates who
passed (flows by the exam's date), and the people raised a level (flow by the level's date).
The dashboard's alerts: certificates expired or about to expire."""

import datetime as dt
from collections.abc import Collection, Mapping
from urllib.parse import urlencode

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kythuat.indicators.alerts import Alert, alert_source
from kythuat.indicators.registry import Dimension, Direction, Kind, Period, register, register_ratio
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from .models import (
    Assignment,
    Band,
    Certificate,
    Establishment,
    ExamCandidate,
    ExamSession,
    PersonCategory,
    SkillLevel,
    Trade,
)
from .selectors import certificates_expired, certificates_expiring


def _day(period: Period) -> dt.date:
    """The day a stock is read: the period's end, or today for a period not yet over."""
    return min(period.end, timezone.localdate())


def _named(model, keys: Collection) -> dict:
    return dict(model.objects.filter(pk__in=[k for k in keys if k is not None])
                .order_by("order", "name").values_list("pk", "name"))


def category_labels(keys: Collection) -> dict:
    return _named(PersonCategory, keys)


def trade_labels(keys: Collection) -> dict:
    return _named(Trade, keys)


def band_labels(keys: Collection) -> dict:
    return {value: str(label) for value, label in Band.choices}


def _people_link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
    params: dict = {"unit": unit.pk}
    for name in ("category", "trade", "band"):
        if where.get(name) is not None:
            params[name] = where[name]
    return f"{reverse('people:person-list')}?{urlencode(params)}"


def _exam_link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
    params: dict = {"unit": unit.pk}
    if period.start.year == period.end.year:
        params["year"] = period.start.year
    if where.get("trade") is not None:
        params["trade"] = where["trade"]
    return f"{reverse('people:exam-list')}?{urlencode(params)}"


def _establishment_link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
    return f"{reverse('people:establishment')}?{urlencode({'unit': unit.pk})}"


CATEGORY = Dimension("category", gettext_lazy("Category"), "person__category_id",
                     labels=category_labels)
TRADE = Dimension("trade", gettext_lazy("Trade"), "trade_id", labels=trade_labels)
BAND = Dimension("band", gettext_lazy("Level band"), "band_key", labels=band_labels)


def with_band(levels: QuerySet) -> QuerySet:
    """The band of each level (the upper half of the trade's ladder is the high band)."""
    return levels.annotate(band_key=Case(
        When(level__gt=F("trade__ladder_size") / 2, then=Value(Band.HIGH)),
        default=Value(Band.LOW), output_field=CharField()))


def _valid_on(day: dt.date, start: str, end: str) -> Q:
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": day}))


def held_levels(unit: Unit, day: dt.date) -> QuerySet:
    return with_band(SkillLevel.objects.filter(
        person__unit__in=subtree_ids(unit), person__is_active=True)
        .filter(_valid_on(day, "started_on", "ended_on"))
        .select_related("person", "person__unit", "trade"))


@register("people.staff", name=gettext_lazy("Technical staff"),
          definition=gettext_lazy(
              "People of the technical staff serving in the units of the subtree at the end of "
              "the period (their assignment that day), by category."),
          kind=Kind.STOCK, unit=gettext_lazy("people"), unit_code="person",
          direction=Direction.HIGHER, dimensions=(CATEGORY,), date_field="started_on",
          record_link="person", link=_people_link)
def staff(unit: Unit, period: Period) -> QuerySet:
    return (Assignment.objects.filter(unit__in=subtree_ids(unit))
            .filter(_valid_on(_day(period), "started_on", "ended_on"))
            .select_related("person", "person__category", "unit"))


@register("people.skill_levels", name=gettext_lazy("Skill levels held"),
          definition=gettext_lazy(
              "Skill levels held at the end of the period by the serving people of the subtree "
              "(one per person and trade), by trade and band of the level."),
          kind=Kind.STOCK, unit=gettext_lazy("people"), unit_code="person",
          direction=Direction.HIGHER, dimensions=(TRADE, BAND), date_field="started_on",
          path_field="person__unit__path", record_link="person", link=_people_link)
def skill_levels(unit: Unit, period: Period) -> QuerySet:
    return held_levels(unit, _day(period))


@register("people.establishment_required", name=gettext_lazy("Establishment of technical staff"),
          definition=gettext_lazy(
              "The number of technical staff the units of the subtree should have at the end "
              "of the period (biên chế), by trade and level band."),
          kind=Kind.STOCK, unit=gettext_lazy("people"), unit_code="person",
          direction=Direction.HIGHER, dimensions=(TRADE, BAND), amount="required",
          date_field="valid_from", link=_establishment_link)
def establishment_required(unit: Unit, period: Period) -> QuerySet:
    return (Establishment.objects.filter(unit__in=subtree_ids(unit))
            .filter(_valid_on(_day(period), "valid_from", "valid_to"))
            .annotate(band_key=F("band")).select_related("unit", "trade"))


@register("people.establishment_counted", name=gettext_lazy("Technical staff counted against "
                                                            "the establishment"),
          definition=gettext_lazy(
              "Skill levels held at the end of the period by serving people whose unit has an "
              "establishment for that trade and band; surplus people count too, so the share "
              "can pass 100%."),
          kind=Kind.STOCK, unit=gettext_lazy("people"), unit_code="person",
          direction=Direction.HIGHER, dimensions=(TRADE, BAND), date_field="started_on",
          path_field="person__unit__path", record_link="person", link=_establishment_link)
def establishment_counted(unit: Unit, period: Period) -> QuerySet:
    day = _day(period)
    planned = Establishment.objects.filter(
        unit=OuterRef("person__unit"), trade=OuterRef("trade"), band=OuterRef("band_key")
    ).filter(_valid_on(day, "valid_from", "valid_to"))
    return held_levels(unit, day).filter(Exists(planned))


register_ratio("people.establishment_filled", numerator="people.establishment_counted",
               denominator="people.establishment_required",
               name=gettext_lazy("Share of the establishment filled"),
               definition=gettext_lazy(
                   "Technical staff counted against the establishment over the establishment, "
                   "at the end of the period, in per cent."),
               unit="%", unit_code="percent", direction=Direction.HIGHER,
               link=_establishment_link)


@register("people.exams_held", name=gettext_lazy("Skill exams held"),
          definition=gettext_lazy(
              "Sessions of the exam to raise a skill level held by the units of the subtree "
              "with an exam date in the period."),
          kind=Kind.FLOW, unit=gettext_lazy("sessions"), unit_code="session",
          direction=Direction.HIGHER, date_field="held_on", link=_exam_link)
def exams_held(unit: Unit, period: Period) -> QuerySet:
    return (ExamSession.objects.filter(unit__in=subtree_ids(unit),
                                       held_on__range=(period.start, period.end))
            .select_related("unit"))


@register("people.exam_passed", name=gettext_lazy("Exam candidates passed"),
          definition=gettext_lazy(
              "Candidates who passed an exam to raise a skill level held by a unit of the "
              "subtree in the period (one candidate per trade), by trade."),
          kind=Kind.FLOW, unit=gettext_lazy("candidates"), unit_code="candidate",
          direction=Direction.HIGHER, dimensions=(TRADE,), date_field="session__held_on",
          path_field="session__unit__path", record_link="session", link=_exam_link)
def exam_passed(unit: Unit, period: Period) -> QuerySet:
    return (ExamCandidate.objects.filter(session__unit__in=subtree_ids(unit),
                                         result=ExamCandidate.Result.PASSED,
                                         session__held_on__range=(period.start, period.end))
            .select_related("session", "session__unit", "person", "trade"))


@register("people.raised", name=gettext_lazy("People raised a level"),
          definition=gettext_lazy(
              "Skill levels of the subtree's people that replace a lower level of the same "
              "trade from a date in the period (by an exam's decision or another decision), "
              "by trade and the band of the new level."),
          kind=Kind.FLOW, unit=gettext_lazy("people"), unit_code="person",
          direction=Direction.HIGHER, dimensions=(TRADE, BAND), date_field="started_on",
          path_field="person__unit__path", record_link="person", link=_people_link)
def raised(unit: Unit, period: Period) -> QuerySet:
    earlier = SkillLevel.objects.filter(person=OuterRef("person"), trade=OuterRef("trade"),
                                        started_on__lt=OuterRef("started_on"),
                                        level__lt=OuterRef("level"))
    return with_band(SkillLevel.objects.filter(person__unit__in=subtree_ids(unit),
                                               started_on__range=(period.start, period.end))
                     .filter(Exists(earlier))
                     .select_related("person", "person__unit", "trade"))


def _certificate_url(unit: Unit, state: str) -> str:
    return f"{reverse('people:certificate-list')}?{urlencode({'unit': unit.pk, 'state': state})}"


def _certificates(unit: Unit) -> QuerySet:
    return Certificate.objects.filter(person__unit__in=subtree_ids(unit))


@alert_source("people_certificates_expired")
def certificates_expired_alert(unit: Unit) -> list[Alert]:
    count = certificates_expired(_certificates(unit)).count()
    if not count:
        return []
    return [Alert(
        source="people_certificates_expired", level="danger",
        title=ngettext("%(count)s certificate of the technical staff expired",
                       "%(count)s certificates of the technical staff expired",
                       count) % {"count": count},
        count=count, url=_certificate_url(unit, "expired"),
        detail=_("Renew them or take the holders off the work that needs them."))]


@alert_source("people_certificates_expiring")
def certificates_expiring_alert(unit: Unit) -> list[Alert]:
    count = certificates_expiring(_certificates(unit)).count()
    if not count:
        return []
    return [Alert(
        source="people_certificates_expiring", level="warning",
        title=ngettext("%(count)s certificate of the technical staff expiring soon",
                       "%(count)s certificates of the technical staff expiring soon",
                       count) % {"count": count},
        count=count, url=_certificate_url(unit, "expiring"),
        detail=_("Plan the renewal courses before they expire."))]
