"""Reads: initiatives and councils as the user may see them, possible duplicates of a title,
an initiative's lifecycle, a council's score sheets (each member his own until the close) and
the benefit measured from the records."""

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import FieldError
from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from kythuat.core.text import fold
from kythuat.indicators import registry
from kythuat.indicators.periods import Period
from kythuat.org.models import User

from .filters import CouncilFilter, InitiativeFilter
from .models import Council, CouncilMember, Dossier, Initiative, MeasuredBenefit, Score
from .reference import points_text

# Words too common in titles to tell two initiatives apart.
STOPWORDS = {"cai", "tien", "thiet", "bi", "che", "tao", "ung", "dung", "cho", "cua", "va",
             "trong", "de", "bang", "voi", "cac", "mot", "tu", "dong", "sang", "kien", "ky",
             "thuat", "su", "nang", "cao", "he", "thong", "phuc", "vu", "may", "nhung"}
DUPLICATE_LIMIT = 8
CANDIDATE_LIMIT = 300


def initiative_list(*, user: User, filters: Mapping[str, str] | None = None
                    ) -> QuerySet[Initiative]:
    initiatives = (Initiative.objects.visible_to(user)
                   .select_related("unit", "field", "level").order_by("-registered_on", "-pk"))
    return InitiativeFilter(filters, queryset=initiatives, user=user).qs


def visible_initiative(user: User, pk: object) -> Initiative:
    return get_object_or_404(Initiative.objects.visible_to(user).select_related(
        "unit", "field", "level", "created_by"), pk=pk)


def visible_council(user: User, pk: object) -> Council:
    return get_object_or_404(Council.objects.visible_to(user).select_related("unit", "level"),
                             pk=pk)


def visible_dossier(user: User, pk: object) -> Dossier:
    return get_object_or_404(Dossier.objects.visible_to(user).select_related(
        "initiative", "initiative__unit", "council", "council__unit", "council__level"), pk=pk)


def council_list(*, user: User, filters: Mapping[str, str] | None = None) -> QuerySet[Council]:
    councils = (Council.objects.visible_to(user).select_related("unit", "level")
                .annotate(dossier_count=Count("dossiers", distinct=True),
                          member_count=Count("members", distinct=True))
                .order_by("-year", "-session", "unit__path"))
    return CouncilFilter(filters, queryset=councils, user=user).qs


def status_counts(initiatives: QuerySet[Initiative]) -> dict[str, int]:
    # distinct: the list may carry an annotation that joins the adoptions
    counts = dict(initiatives.order_by().values_list("status").annotate(
        n=Count("pk", distinct=True)))
    return {label: counts.get(value, 0) for value, label in Initiative.Status.choices}


# Duplicates ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DuplicateHint:
    title: str
    similarity: int  # per cent of the distinctive words shared
    initiative: Initiative | None  # None: recognised elsewhere, shown by title only
    level: str


def _words(title: str) -> set[str]:
    return {w for w in fold(title).replace("-", " ").split() if len(w) > 1 and w not in STOPWORDS}


def possible_duplicates(*, user: User, title: str, exclude: int | None = None
                        ) -> list[DuplicateHint]:
    """Initiatives whose title shares most distinctive words with `title` (diacritics
    ignored): among those the user may see, and the recognised ones of the whole army (only
    their title and level for those outside the user's subtree)."""
    words = _words(title)
    if not words:
        return []
    any_word = Q()
    for word in words:
        any_word |= Q(search_text__contains=word)
    visible_ids = Initiative.objects.visible_to(user).values("pk")
    candidates = (Initiative.objects.filter(any_word)
                  .filter(Q(pk__in=visible_ids) | Q(level__isnull=False))
                  .select_related("level").order_by("-pk")[:CANDIDATE_LIMIT])
    seen = set(Initiative.objects.visible_to(user).filter(
        pk__in=[c.pk for c in candidates]).values_list("pk", flat=True))
    hints = []
    for candidate in candidates:
        if candidate.pk == exclude:
            continue
        shared = words & _words(candidate.title)
        similarity = round(100 * len(shared) / max(len(words), len(_words(candidate.title))))
        if (len(shared) >= 2 and similarity >= 40) or similarity >= 75:
            hints.append(DuplicateHint(candidate.title, similarity,
                                       candidate if candidate.pk in seen else None,
                                       candidate.level.name if candidate.level else ""))
    hints.sort(key=lambda h: -h.similarity)
    return hints[:DUPLICATE_LIMIT]


# Lifecycle ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    day: dt.date | None
    label: str
    detail: str = ""
    state: str = "done"  # done | refused | waiting


def timeline(initiative: Initiative) -> list[Step]:
    steps = [Step(initiative.registered_on, _("Registered by %(unit)s")
                  % {"unit": initiative.unit.name})]
    if initiative.first_applied_on:
        steps.append(Step(initiative.first_applied_on, _("First trial application")))
    dossiers = initiative.dossiers.select_related("council", "council__level").order_by(
        "sent_on", "pk")
    for dossier in dossiers:
        council = dossier.council
        steps.append(Step(dossier.sent_on, _("Sent to %(council)s") % {"council": council.name}))
        if council.is_open:
            steps.append(Step(None, _("Council in session"), _("Results are published when "
                                                               "the council closes."),
                              "waiting"))
            continue
        steps.append(Step(council.closed_on, _("Council closed: result %(score)s, pass mark "
                                               "%(mark)s") % {"score": points_text(dossier.score),
                                                              "mark": points_text(
                                                                  council.pass_mark)}))
        if dossier.outcome == Dossier.Outcome.RECOGNISED:
            steps.append(Step(dossier.decision_date, _("Recognised at the level %(level)s")
                              % {"level": council.level.phrase},
                              _("Decision %(number)s") % {"number": dossier.decision_number}))
        elif dossier.outcome == Dossier.Outcome.REFUSED:
            steps.append(Step(dossier.decision_date, _("Not recognised at the level %(level)s")
                              % {"level": council.level.phrase}, dossier.reason, "refused"))
        else:
            steps.append(Step(None, _("Awaiting the decision"), "", "waiting"))
    for award in initiative.awards.select_related("award_class"):
        steps.append(Step(award.decision_date, _("Award: %(award)s") % {
            "award": award.award_class.name}, _("Decision %(number)s") % {
            "number": award.decision_number}))
    for adoption in initiative.adoptions.select_related("unit"):
        steps.append(Step(adoption.adopted_on, _("Applied by %(unit)s")
                          % {"unit": adoption.unit.name}, adoption.result))
    return sorted(steps, key=lambda s: (s.day is None, s.day or dt.date.max))


# Score sheets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    member: CouncilMember
    points: dict[int, Decimal]  # criterion id → points

    @property
    def total(self) -> Decimal:
        return sum(self.points.values(), Decimal(0))


def sheets(council: Council, user: User) -> dict[int, list[Sheet]]:
    """{dossier id: the score sheets the user may read}: all of them once the council is
    closed; before, only the user's own (members score independently)."""
    scores = Score.objects.filter(dossier__council=council).select_related("member")
    if council.is_open:
        scores = scores.filter(member__user=user) if user.pk else scores.none()
    grouped: dict[int, dict[int, Sheet]] = defaultdict(dict)
    for score in scores.order_by("member__role", "member_id"):
        sheet = grouped[score.dossier_id].setdefault(score.member_id, Sheet(score.member, {}))
        sheet.points[score.criterion_id] = score.points
    return {dossier: list(by_member.values()) for dossier, by_member in grouped.items()}


def member_of(council: Council, user: User) -> CouncilMember | None:
    if not user.pk:
        return None
    return council.members.filter(user=user).first()


# Benefit measured from the records ----------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    measured: MeasuredBenefit
    name: str
    unit_of_measure: str
    before: Decimal | None
    after: Decimal | None
    note: str = ""

    @property
    def change(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def change_percent(self) -> Decimal | None:
        if self.change is None or not self.before:
            return None
        return (100 * self.change / self.before).quantize(Decimal("0.1"))


def _value(code: str, measured: MeasuredBenefit, period: Period) -> Decimal | None:
    if measured.equipment_type_id is None:
        return registry.compute(code, measured.unit, period, breakdown=False).total
    indicator = registry.get(code)
    records = registry.records(code, measured.unit, period).filter(
        item__type=measured.equipment_type_id)
    if indicator.amount:
        return Decimal(records.aggregate(value=Sum(indicator.amount))["value"] or 0)
    return Decimal(records.count())


def _measure(measured: MeasuredBenefit, period: Period) -> Decimal | None:
    value = _value(measured.indicator_code, measured, period)
    if not measured.per_code:
        return value
    per = _value(measured.per_code, measured, period)
    if value is None or not per:
        return None
    return (measured.per_scale * value / per).quantize(Decimal("0.01"))


def measured_benefit(initiative: Initiative) -> Measured | None:
    """Before, after and change of the named indicator, through the registry (the same figure
    as every other screen), for the unit (and the type) the dossier names."""
    measured = MeasuredBenefit.objects.filter(initiative=initiative).select_related(
        "unit", "equipment_type").first()
    if measured is None:
        return None
    try:
        indicator = registry.get(measured.indicator_code)
    except KeyError:
        return Measured(measured, measured.indicator_code, "", None, None,
                        _("The indicator is no longer in the registry."))
    name, uom = str(indicator.name), str(indicator.unit)
    if measured.per_code and measured.per_code in registry.REGISTRY:
        per = registry.get(measured.per_code)
        name = _("%(name)s per %(scale)s %(unit)s") % {"name": name, "scale": measured.per_scale,
                                                      "unit": per.unit}
        uom = f"{indicator.unit}/{measured.per_scale} {per.unit}"
    try:
        before = _measure(measured, Period(measured.before_start, measured.before_end))
        after = _measure(measured, Period(measured.after_start, measured.after_end))
    except FieldError:
        return Measured(measured, name, uom, None, None, _(
            "The records of this indicator do not name an equipment type; remove the type to "
            "measure the whole unit."))
    return Measured(measured, name, uom, before, after)
