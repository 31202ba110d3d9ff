"""The people the technical work names (DOMAIN §6): technical officers, QNCN, defence workers
(CNQP), defence civil servants and soldiers with a technical duty. A person belongs to a unit
through dated assignments (moved by an order, never overwritten); `Person.unit` is the unit of
the open assignment, kept by the services, so scoping is one indexed match like everywhere.

A person's skill level in a trade is a dated record with its evidence; the levels of one trade
never overlap in time. Categories and trades (with their ladder size, NĐ 83/2016, TT 41/2017)
are editable reference data."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kythuat.core.models import BaseModel
from kythuat.core.text import fold
from kythuat.org.models import Unit
from kythuat.org.querysets import UnitScopedQuerySet


class PersonCategory(BaseModel):
    """Sĩ quan, QNCN, CNQP, công chức quốc phòng, hạ sĩ quan – binh sĩ: reference data."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("staff category")
        verbose_name_plural = _("staff categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Trade(BaseModel):
    """A trade (nghề) with the size of its skill ladder (2 to 7 levels). The lower half of the
    ladder is the low band, the upper half the high band."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    ladder_size = models.PositiveSmallIntegerField(_("number of levels"))
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("trade")
        verbose_name_plural = _("trades")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ladder_size__gte=2, ladder_size__lte=7),
                name="trade_ladder_2_to_7",
                violation_error_message=_("A trade has from 2 to 7 skill levels.")),
        ]

    def __str__(self) -> str:
        return self.name

    def band(self, level: int) -> str:
        """"low" for the lower half of the ladder, "high" for the upper half."""
        return "high" if level > self.ladder_size // 2 else "low"


class PersonQuerySet(UnitScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)


class Person(BaseModel):
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="people",
                             verbose_name=_("unit"))
    full_name = models.CharField(_("full name"), max_length=120)
    rank = models.CharField(_("rank"), max_length=60, blank=True)
    category = models.ForeignKey(PersonCategory, models.PROTECT, related_name="people",
                                 verbose_name=_("category"))
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                blank=True, related_name="person", verbose_name=_("login"))
    is_active = models.BooleanField(_("serving"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    search_text = models.CharField(max_length=300, blank=True, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["unit__path", "full_name"]
        indexes = [models.Index(fields=["unit", "is_active"])]

    def __str__(self) -> str:
        return f"{self.rank} {self.full_name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("people:person-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.full_name} {self.rank} {self.position}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class HeldByPersonQuerySet(UnitScopedQuerySet):
    """Rows of a person are seen where the person is seen (the person's current unit)."""

    unit_lookup = "person__unit"


class Assignment(BaseModel):
    """A person in a unit and position from a date, by an order; the open one is current."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="assignments",
                               verbose_name=_("person"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("unit"))
    position = models.CharField(_("position"), max_length=150, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    order_number = models.CharField(_("order number"), max_length=60, blank=True)

    objects = HeldByPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["person", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="assignment_ends_after_start",
                violation_error_message=_("An assignment cannot end before it starts.")),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.unit}"


class SkillLevel(BaseModel):
    """A person's level in a trade from a date, with its evidence (the exam or decision that
    granted it); the next level closes it (`ended_on`), so the history is kept."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="skill_levels",
                               verbose_name=_("person"))
    trade = models.ForeignKey(Trade, models.PROTECT, related_name="skill_levels",
                              verbose_name=_("trade"))
    level = models.PositiveSmallIntegerField(_("level"))
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    evidence = models.CharField(_("evidence"), max_length=200,
                                help_text=_("The decision or exam that granted the level."))

    objects = HeldByPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("skill level")
        verbose_name_plural = _("skill levels")
        ordering = ["person", "trade", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=7), name="skill_level_1_to_7",
                violation_error_message=_("A skill level is from 1 to 7.")),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="skill_level_ends_after_start",
                violation_error_message=_("A skill level cannot end before it starts.")),
            models.UniqueConstraint(
                fields=["person", "trade"], condition=Q(ended_on__isnull=True),
                name="skill_level_one_open_per_trade",
                violation_error_message=_("The person already holds a current level in this "
                                          "trade.")),
        ]

    def __str__(self) -> str:
        return f"{self.trade} {self.level}/{self.trade.ladder_size}"


class Band(models.TextChoices):
    LOW = "low", _("low band")
    HIGH = "high", _("high band")


class ExamRule(BaseModel):
    """Who may sit an exam to raise a level (reference data): for a trade (or every trade) and
    the band of the level held, the minimum months at that level and whether a training course
    must have been completed."""

    trade = models.ForeignKey(Trade, models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("trade"),
                              help_text=_("Empty: the rule of every trade without its own."))
    band = models.CharField(_("band of the level held"), max_length=4, choices=Band.choices)
    min_months = models.PositiveSmallIntegerField(_("minimum months at the level"))
    training_required = models.BooleanField(_("training course required"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("exam eligibility rule")
        verbose_name_plural = _("exam eligibility rules")
        ordering = ["trade__order", "band"]

    def __str__(self) -> str:
        trade = self.trade.name if self.trade_id else _("every trade")
        return f"{trade}, {self.get_band_display()}: ≥ {self.min_months}"


class PassRule(BaseModel):
    """The marks of an exam: the scale and the minimum theory and practice marks to pass
    (reference data; the active rule is copied onto each new exam session)."""

    name = models.CharField(_("name"), max_length=150)
    max_mark = models.DecimalField(_("highest mark"), max_digits=5, decimal_places=2)
    theory_min = models.DecimalField(_("minimum theory mark"), max_digits=5, decimal_places=2)
    practice_min = models.DecimalField(_("minimum practice mark"), max_digits=5,
                                       decimal_places=2)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("exam pass rule")
        verbose_name_plural = _("exam pass rules")
        ordering = ["-is_active", "name"]
        constraints = [models.CheckConstraint(
            condition=Q(max_mark__gt=0, theory_min__gte=0, practice_min__gte=0,
                        theory_min__lte=models.F("max_mark"),
                        practice_min__lte=models.F("max_mark")),
            name="people_pass_rule_marks",
            violation_error_message=_("The pass marks lie between 0 and the highest mark."))]

    def __str__(self) -> str:
        return self.name


class CertificateKind(BaseModel):
    """Kind of certificate or qualification (bậc thợ, an toàn điện, vận hành nồi hơi …) with
    how many days before its end a certificate is announced as expiring."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    validity_months = models.PositiveSmallIntegerField(
        _("usual validity (months)"), null=True, blank=True,
        help_text=_("Empty: valid without limit."))
    warn_days = models.PositiveSmallIntegerField(
        _("warn days before expiry"), default=60,
        help_text=_("A certificate appears among the expiring ones this many days before its "
                    "end."))
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("certificate kind")
        verbose_name_plural = _("certificate kinds")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Certificate(BaseModel):
    person = models.ForeignKey(Person, models.CASCADE, related_name="certificates",
                               verbose_name=_("person"))
    kind = models.ForeignKey(CertificateKind, models.PROTECT, related_name="certificates",
                             verbose_name=_("kind"))
    number = models.CharField(_("number"), max_length=60)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.CharField(_("issued by"), max_length=150, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    trade = models.ForeignKey(Trade, models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("trade"))
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = HeldByPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["person", "kind", "-issued_on"]
        constraints = [models.CheckConstraint(
            condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("issued_on")),
            name="people_certificate_valid_after_issue",
            violation_error_message=_("A certificate cannot expire before it is issued."))]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"


class ExamSession(BaseModel):
    """A session of exams to raise the skill level (kỳ thi nâng bậc thợ) held by a unit."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DECIDED = "decided", _("decided")

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=200)
    held_on = models.DateField(_("date of the exam"))
    trades = models.ManyToManyField(Trade, related_name="+", verbose_name=_("trades"))
    committee = models.ManyToManyField(Person, blank=True, related_name="+",
                                       verbose_name=_("examination committee"))
    max_mark = models.DecimalField(_("highest mark"), max_digits=5, decimal_places=2)
    theory_min = models.DecimalField(_("minimum theory mark"), max_digits=5, decimal_places=2)
    practice_min = models.DecimalField(_("minimum practice mark"), max_digits=5,
                                       decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    decision_date = models.DateField(_("date of the decision"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    issued_number = models.ForeignKey("documents.IssuedNumber", models.PROTECT, null=True,
                                      blank=True, related_name="+",
                                      verbose_name=_("number in the register"))

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("skill exam session")
        verbose_name_plural = _("skill exam sessions")
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:exam-detail", args=[self.pk])


class CandidateQuerySet(UnitScopedQuerySet):
    unit_lookup = "session__unit"


class ExamCandidate(BaseModel):
    """A person sitting the exam to go from the level held in a trade to the next one."""

    class Result(models.TextChoices):
        PENDING = "pending", _("not yet marked")
        PASSED = "passed", _("passed")
        FAILED = "failed", _("failed")

    session = models.ForeignKey(ExamSession, models.CASCADE, related_name="candidates",
                                verbose_name=_("exam session"))
    person = models.ForeignKey(Person, models.PROTECT, related_name="exam_entries",
                               verbose_name=_("person"))
    trade = models.ForeignKey(Trade, models.PROTECT, related_name="+", verbose_name=_("trade"))
    from_level = models.PositiveSmallIntegerField(_("level held"))
    to_level = models.PositiveSmallIntegerField(_("level sought"))
    level_since = models.DateField(_("level held since"))
    months_at_level = models.PositiveSmallIntegerField(_("months at the level"))
    min_months = models.PositiveSmallIntegerField(_("months required"))
    training_required = models.BooleanField(_("training course required"), default=False)
    training_evidence = models.CharField(
        _("training completed"), max_length=200, blank=True,
        help_text=_("The course and its certificate, when the rule requires training."))
    eligible = models.BooleanField(_("eligible by the rule"), default=False)
    eligibility_note = models.CharField(_("why not eligible"), max_length=300, blank=True)
    override_reason = models.CharField(_("reason for admitting"), max_length=300, blank=True)
    override_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    blank=True, related_name="+", verbose_name=_("admitted by"))
    theory_exempt = models.BooleanField(_("exempt from the theory test"), default=False)
    exemption_reason = models.CharField(_("reason for the exemption"), max_length=300,
                                        blank=True)
    theory_mark = models.DecimalField(_("theory mark"), max_digits=5, decimal_places=2,
                                      null=True, blank=True)
    practice_mark = models.DecimalField(_("practice mark"), max_digits=5, decimal_places=2,
                                        null=True, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices,
                              default=Result.PENDING)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    skill_level = models.OneToOneField(SkillLevel, models.SET_NULL, null=True, blank=True,
                                       related_name="exam_entry",
                                       verbose_name=_("level granted"))

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("exam candidate")
        verbose_name_plural = _("exam candidates")
        ordering = ["session", "trade__order", "person__full_name"]
        constraints = [models.UniqueConstraint(
            fields=["session", "person", "trade"], name="people_candidate_once",
            violation_error_message=_("The person is already a candidate of this session in "
                                      "this trade."))]

    def __str__(self) -> str:
        return f"{self.person} — {self.trade} {self.from_level}→{self.to_level}"

    @property
    def admitted(self) -> bool:
        return self.eligible or bool(self.override_reason)


class Establishment(BaseModel):
    """The technical staff a unit should have (biên chế): a count per trade and level band, valid
    from a date; a new figure closes the previous one."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("unit"))
    trade = models.ForeignKey(Trade, models.PROTECT, related_name="+", verbose_name=_("trade"))
    band = models.CharField(_("level band"), max_length=4, choices=Band.choices)
    required = models.PositiveSmallIntegerField(_("required"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    decision_ref = models.CharField(_("decision"), max_length=100, blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("establishment of technical staff")
        verbose_name_plural = _("establishment of technical staff")
        ordering = ["unit__path", "trade__order", "band", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="people_establishment_valid_range",
                violation_error_message=_("The establishment cannot end before it starts.")),
            models.UniqueConstraint(
                fields=["unit", "trade", "band"], condition=Q(valid_to__isnull=True),
                name="people_establishment_one_open",
                violation_error_message=_("The unit already has a current establishment for "
                                          "this trade and band.")),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.trade} ({self.get_band_display()}): {self.required}"

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)
