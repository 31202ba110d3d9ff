"""Technical training and contests (DOMAIN §6): a unit's yearly training plan with its planned
subjects and hours, the courses held (with the people trained, the hours each attended and
their result), and contests (hội thi, hội thao) at a level, with their events and the results
and prizes of the people or unit teams taking part.

A course and a plan belong to their unit's subtree. A contest is seen by the subtree of the
unit organising it and by the units (and their superiors) whose people or teams take part, so
a province sees the military-region contest its drivers competed in."""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kythuat.core.models import BaseModel
from kythuat.core.text import fold
from kythuat.org.models import Unit
from kythuat.org.querysets import UnitScopedQuerySet, subtree_ids
from kythuat.people.models import Person

from .reference import ContestLevel, Prize

__all__ = ["ContestLevel", "Prize"]

HOURS = {"max_digits": 7, "decimal_places": 1}


# Training plans and courses -----------------------------------------------------------------


class TrainingPlan(BaseModel):
    """Kế hoạch huấn luyện kỹ thuật năm: one per unit and year."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="training_plans",
                             verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(
            fields=["unit", "year"], name="training_plan_one_per_unit_year",
            violation_error_message=_("The unit already has a training plan for this year."))]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:plan-detail", args=[self.pk])


class PlanItemQuerySet(UnitScopedQuerySet):
    unit_lookup = "plan__unit"


class PlanItem(BaseModel):
    """A subject of the plan: who is trained, how many, how many hours."""

    plan = models.ForeignKey(TrainingPlan, models.CASCADE, related_name="items",
                             verbose_name=_("training plan"))
    subject = models.CharField(_("subject"), max_length=300)
    audience = models.CharField(_("trainees"), max_length=200, blank=True,
                                help_text=_("Who is trained, e.g. the repairers of the "
                                            "workshop."))
    planned_hours = models.DecimalField(_("planned hours"), **HOURS)
    planned_trainees = models.PositiveIntegerField(_("planned trainees"), default=0)
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("planned subject")
        verbose_name_plural = _("planned subjects")
        ordering = ["plan", "order", "pk"]
        constraints = [models.CheckConstraint(
            condition=Q(planned_hours__gte=0), name="training_plan_item_hours_positive",
            violation_error_message=_("Planned hours cannot be negative."))]

    def __str__(self) -> str:
        return self.subject


class Course(BaseModel):
    """Lớp huấn luyện, bồi dưỡng kỹ thuật: held by a unit, on a subject, between two dates."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="training_courses",
                             verbose_name=_("unit"))
    plan_item = models.ForeignKey(PlanItem, models.SET_NULL, null=True, blank=True,
                                  related_name="courses", verbose_name=_("planned subject"))
    subject = models.CharField(_("subject"), max_length=300)
    place = models.CharField(_("place"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    hours = models.DecimalField(_("hours of the course"), **HOURS)
    note = models.TextField(_("note"), blank=True)
    search_text = models.CharField(max_length=600, blank=True, editable=False)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="training_course_dates",
                violation_error_message=_("A course cannot end before it starts.")),
            models.CheckConstraint(
                condition=Q(hours__gte=0), name="training_course_hours_positive",
                violation_error_message=_("The hours of a course cannot be negative.")),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("training:course-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.subject} {self.place}")[:600]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class TraineeQuerySet(UnitScopedQuerySet):
    unit_lookup = "course__unit"


class Trainee(BaseModel):
    """A person trained in a course: hours attended and the result."""

    class Result(models.TextChoices):
        EXCELLENT = "excellent", _("excellent")
        GOOD = "good", _("good")
        PASS = "pass", _("pass")
        FAIL = "fail", _("fail")

    course = models.ForeignKey(Course, models.CASCADE, related_name="trainees",
                               verbose_name=_("training course"))
    person = models.ForeignKey(Person, models.PROTECT, related_name="training",
                               verbose_name=_("person"))
    hours = models.DecimalField(_("hours attended"), **HOURS)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = TraineeQuerySet.as_manager()

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["course", "person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "person"], name="training_trainee_once_per_course",
                violation_error_message=_("This person is already a trainee of the course.")),
            models.CheckConstraint(
                condition=Q(hours__gte=0), name="training_trainee_hours_positive",
                violation_error_message=_("Hours attended cannot be negative.")),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.course}"


# Contests ------------------------------------------------------------------------------------


class ContestQuerySet(UnitScopedQuerySet):
    """Seen by the organising unit's subtree and by the units whose people or teams take part
    (with the units above them)."""

    def seen_from(self, unit) -> "ContestQuerySet":
        taking_part = ContestEntry.objects.filter(contest=OuterRef("pk"),
                                                  unit__in=subtree_ids(unit))
        return self.filter(Q(unit__in=subtree_ids(unit)) | Exists(taking_part))


class Contest(BaseModel):
    """Hội thi or hội thao: "Hội thi thợ sửa chữa giỏi", "Hội thi xe tốt, lái xe an toàn"."""

    class Kind(models.TextChoices):
        CONTEST = "contest", _("contest (hội thi)")
        GAMES = "games", _("technical games (hội thao)")

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="contests",
                             verbose_name=_("organising unit"))
    level = models.ForeignKey(ContestLevel, models.PROTECT, related_name="contests",
                              verbose_name=_("level"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices,
                            default=Kind.CONTEST)
    name = models.CharField(_("name"), max_length=300)
    held_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    search_text = models.CharField(max_length=600, blank=True, editable=False)

    objects = ContestQuerySet.as_manager()

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ["-held_on", "-pk"]
        constraints = [models.CheckConstraint(
            condition=Q(ends_on__gte=models.F("held_on")), name="training_contest_dates",
            violation_error_message=_("A contest cannot end before it starts."))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("training:contest-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.name} {self.place}")[:600]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class RelatedToContestQuerySet(UnitScopedQuerySet):
    """Events and entries are seen with their contest."""

    def seen_from(self, unit) -> models.QuerySet:
        return self.filter(contest__in=Contest.objects.seen_from(unit).values("pk"))


class ContestEvent(BaseModel):
    """A part of the contest (nội dung thi): theory, driving, repair of a given assembly…"""

    contest = models.ForeignKey(Contest, models.CASCADE, related_name="events",
                                verbose_name=_("contest"))
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    objects = RelatedToContestQuerySet.as_manager()

    class Meta:
        verbose_name = _("contest event")
        verbose_name_plural = _("contest events")
        ordering = ["contest", "order", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["contest", "name"], name="training_event_unique_name",
            violation_error_message=_("The contest already has an event with this name."))]

    def __str__(self) -> str:
        return self.name


class ContestEntry(BaseModel):
    """A participant's result: a person (with the unit they competed for) or a unit's team;
    in one event or in the contest as a whole (event empty)."""

    contest = models.ForeignKey(Contest, models.CASCADE, related_name="entries",
                                verbose_name=_("contest"))
    event = models.ForeignKey(ContestEvent, models.PROTECT, null=True, blank=True,
                              related_name="entries", verbose_name=_("event"))
    person = models.ForeignKey(Person, models.PROTECT, null=True, blank=True,
                               related_name="contest_entries", verbose_name=_("person"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="contest_entries",
                             verbose_name=_("unit taking part"))
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True,
                                blank=True)
    placing = models.PositiveSmallIntegerField(_("placing"), null=True, blank=True)
    prize = models.ForeignKey(Prize, models.PROTECT, null=True, blank=True,
                              related_name="entries", verbose_name=_("prize"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = RelatedToContestQuerySet.as_manager()

    class Meta:
        verbose_name = _("contest result")
        verbose_name_plural = _("contest results")
        ordering = ["contest", "event__order", "placing", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "event", "person"], condition=Q(person__isnull=False),
                name="training_entry_person_once",
                violation_error_message=_("This person already has a result in this event.")),
            models.UniqueConstraint(
                fields=["contest", "event", "unit"], condition=Q(person__isnull=True),
                name="training_entry_team_once",
                violation_error_message=_("This unit's team already has a result in this "
                                          "event.")),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0),
                name="training_entry_score_positive",
                violation_error_message=_("A score cannot be negative.")),
        ]

    def __str__(self) -> str:
        return str(self.person or self.team_label)

    @property
    def team_label(self) -> str:
        return str(_("Team of %(unit)s") % {"unit": self.unit.name})

    @property
    def is_team(self) -> bool:
        return self.person_id is None
