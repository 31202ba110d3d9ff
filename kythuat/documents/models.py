"""Official documents: format profiles (NĐ 30 / HD 36 as data), issuers with dated names and
abbreviations, document types, number counters and the register of issued numbers."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kythuat.core.models import BaseModel
from kythuat.core.text import fold
from kythuat.org.models import Unit
from kythuat.org.querysets import UnitScopedQuerySet


class FormatProfile(BaseModel):
    """How a family of documents is laid out: the state profile (Nghị định 30/2020/NĐ-CP,
    Phụ lục I) and the Party profile (Hướng dẫn 36-HD/VPTW). Everything a regulation may
    change (sizes, margins, texts, separators, prefixes) is a field, edited by the superuser."""

    class CounterScope(models.TextChoices):
        YEAR = "year", _("calendar year")
        TERM = "term", _("committee term")

    class IssuerMark(models.TextChoices):
        RULE = "rule", _("a rule under the issuer name")
        ASTERISK = "asterisk", _("an asterisk under the issuer name")

    class LabelStyle(models.TextChoices):
        BOLD_ITALIC = "bold_italic", _("bold italic")
        UNDERLINE = "underline", _("underlined")
        BOLD = "bold", _("bold")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    font_name = models.CharField(_("font"), max_length=60, default="Times New Roman")
    # Page (millimetres)
    margin_top_mm = models.DecimalField(_("top margin (mm)"), max_digits=4, decimal_places=1)
    margin_bottom_mm = models.DecimalField(_("bottom margin (mm)"), max_digits=4,
                                           decimal_places=1)
    margin_left_mm = models.DecimalField(_("left margin (mm)"), max_digits=4, decimal_places=1)
    margin_right_mm = models.DecimalField(_("right margin (mm)"), max_digits=4,
                                          decimal_places=1)
    page_numbers = models.BooleanField(_("page numbers from page 2"), default=True)
    # Header
    national_title = models.CharField(_("national title"), max_length=100)
    national_motto = models.CharField(_("motto"), max_length=100, blank=True)
    issuer_mark = models.CharField(_("mark under the issuer"), max_length=10,
                                   choices=IssuerMark.choices, default=IssuerMark.RULE)
    size_national_title = models.DecimalField(_("national title size"), max_digits=4,
                                              decimal_places=1)
    size_motto = models.DecimalField(_("motto size"), max_digits=4, decimal_places=1)
    size_issuer = models.DecimalField(_("issuer size"), max_digits=4, decimal_places=1)
    size_number = models.DecimalField(_("number size"), max_digits=4, decimal_places=1)
    size_date = models.DecimalField(_("date line size"), max_digits=4, decimal_places=1)
    # Number and symbol
    number_label = models.CharField(_("number label"), max_length=10,
                                    help_text=_("\"Số:\" (state) or \"Số\" (Party)."))
    number_pattern = models.CharField(
        _("number pattern"), max_length=60,
        help_text=_("{n} the number, {type} the type code, {issuer} the issuer abbreviation."))
    pad_number = models.BooleanField(_("leading zero under 10"), default=True)
    counter_scope = models.CharField(_("numbering restarts each"), max_length=10,
                                     choices=CounterScope.choices, default=CounterScope.YEAR)
    counter_per_type = models.BooleanField(_("a separate series per document type"),
                                           default=False)
    # Title and body
    size_kind = models.DecimalField(_("document type name size"), max_digits=4,
                                    decimal_places=1)
    size_subject = models.DecimalField(_("subject size"), max_digits=4, decimal_places=1)
    subject_separator = models.CharField(
        _("line under the subject"), max_length=20, blank=True,
        help_text=_("Text such as \"-----\"; empty draws a short rule."))
    size_body = models.DecimalField(_("body size"), max_digits=4, decimal_places=1)
    size_table = models.DecimalField(_("table text size"), max_digits=4, decimal_places=1)
    first_line_indent_cm = models.DecimalField(_("first-line indent (cm)"), max_digits=4,
                                               decimal_places=2, default=1.27)
    space_after_pt = models.DecimalField(_("space between paragraphs (pt)"), max_digits=4,
                                         decimal_places=1, default=6)
    line_spacing = models.DecimalField(_("line spacing"), max_digits=3, decimal_places=2,
                                       default=1.15)
    heading_separator = models.CharField(
        _("separator after heading numerals"), max_length=5,
        help_text=_("\". \" gives \"I. …\"; \"- \" gives \"I- …\"."))
    # Signature and recipients
    size_signature = models.DecimalField(_("signature block size"), max_digits=4,
                                         decimal_places=1)
    prefix_on_behalf = models.CharField(_("prefix: on behalf of (TM.)"), max_length=10)
    prefix_deputy = models.CharField(_("prefix: deputy signing (KT.)"), max_length=10)
    prefix_by_order = models.CharField(_("prefix: by order (TL.)"), max_length=10)
    prefix_acting = models.CharField(_("prefix: acting (Q.)"), max_length=10)
    prefix_authorised = models.CharField(_("prefix: authorised (TUQ.)"), max_length=10)
    recipients_label = models.CharField(_("recipients label"), max_length=30,
                                        default="Nơi nhận:")
    recipients_label_style = models.CharField(_("recipients label style"), max_length=15,
                                              choices=LabelStyle.choices)
    size_recipients_label = models.DecimalField(_("recipients label size"), max_digits=4,
                                                decimal_places=1)
    size_recipients = models.DecimalField(_("recipients size"), max_digits=4, decimal_places=1)
    archive_line = models.CharField(_("archive line"), max_length=60, default="Lưu: VT")

    class Meta:
        verbose_name = _("format profile")
        verbose_name_plural = _("format profiles")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("documents:profile-detail", args=[self.pk])

    def prefix_for(self, canonical: str) -> str:
        """The profile's spelling of a signing prefix given in the state spelling ("TM." →
        "T/M" for the Party); an unknown prefix is kept as written."""
        mapping = {"TM.": self.prefix_on_behalf, "KT.": self.prefix_deputy,
                   "TL.": self.prefix_by_order, "Q.": self.prefix_acting,
                   "TUQ.": self.prefix_authorised}
        key = canonical.strip().upper().replace("/", "").rstrip(".") + "."
        return mapping.get(key, canonical.strip())


class DocumentType(BaseModel):
    """Báo cáo, biên bản, nghị quyết, quyết định, kế hoạch …: editable reference data."""

    class Applies(models.TextChoices):
        ALL = "all", _("state and Party")
        STATE = "state", _("state documents")
        PARTY = "party", _("Party documents")

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    applies_to = models.CharField(_("used in"), max_length=10, choices=Applies.choices,
                                  default=Applies.ALL)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class IssuerQuerySet(UnitScopedQuerySet):
    unit_lookup = "unit"

    def valid_on(self, day) -> "IssuerQuerySet":
        return self.filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day),
                           valid_from__lte=day)


class Issuer(BaseModel):
    """A body that issues documents (Bộ CHQS tỉnh, its Party committee …) under one name and
    abbreviation for a period. A rename is a new row whose `predecessor` is the old one, so old
    documents keep the name and symbol they were issued under."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="issuers",
                             verbose_name=_("unit"))
    profile = models.ForeignKey(FormatProfile, models.PROTECT, related_name="issuers",
                                verbose_name=_("format profile"))
    name = models.CharField(_("name"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=30)
    parent_name = models.CharField(_("superior body in the header"), max_length=200,
                                   blank=True)
    place = models.CharField(_("place name in the date line"), max_length=100)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    term_start = models.DateField(_("committee term start"), null=True, blank=True)
    term_end = models.DateField(_("committee term end"), null=True, blank=True)
    predecessor = models.OneToOneField("self", models.PROTECT, null=True, blank=True,
                                       related_name="successor",
                                       verbose_name=_("previous name"))
    search_text = models.CharField(max_length=300, blank=True, editable=False)

    objects = IssuerQuerySet.as_manager()

    class Meta:
        verbose_name = _("issuer")
        verbose_name_plural = _("issuers")
        ordering = ["unit__path", "name", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.name} ({self.abbreviation})"

    def get_absolute_url(self) -> str:
        return reverse("documents:issuer-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.name} {self.abbreviation} {self.parent_name}")[:300]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class CounterQuerySet(UnitScopedQuerySet):
    unit_lookup = "issuer__unit"


class NumberCounter(models.Model):
    """The last number given in one series: issuer (the first of its line of names) × type (for
    per-type profiles) × calendar year or committee term. Issuing locks the row."""

    issuer = models.ForeignKey(Issuer, models.PROTECT, related_name="counters")
    series = models.CharField(max_length=10, blank=True)  # type code, or "" for all types
    scope_key = models.CharField(max_length=30)  # "2026" or "term:2025-10-16"
    last_number = models.PositiveIntegerField(default=0)

    objects = CounterQuerySet.as_manager()

    class Meta:
        verbose_name = _("number counter")
        verbose_name_plural = _("number counters")
        constraints = [models.UniqueConstraint(fields=["issuer", "series", "scope_key"],
                                               name="documents_counter_unique")]

    def __str__(self) -> str:
        return f"{self.issuer} {self.series} {self.scope_key}: {self.last_number}"


class IssuedNumberQuerySet(UnitScopedQuerySet):
    unit_lookup = "issuer__unit"


class IssuedNumber(BaseModel):
    """One line of the register of issued numbers (sổ đăng ký văn bản đi)."""

    issuer = models.ForeignKey(Issuer, models.PROTECT, related_name="issued_numbers",
                               verbose_name=_("issuer"))
    document_type = models.ForeignKey(DocumentType, models.PROTECT, related_name="+",
                                      verbose_name=_("document type"))
    # The series it was counted in (kept across a rename of the issuer).
    counter = models.ForeignKey(NumberCounter, models.PROTECT, related_name="numbers")
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("number and symbol"), max_length=60)
    date = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=500)
    reference = models.CharField(_("source record"), max_length=100, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("issued by"))

    objects = IssuedNumberQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued number")
        verbose_name_plural = _("issued numbers")
        ordering = ["-date", "-number"]
        constraints = [models.UniqueConstraint(fields=["counter", "number"],
                                               name="documents_issued_unique")]

    def __str__(self) -> str:
        return self.symbol

    def get_absolute_url(self) -> str:
        return reverse("documents:register") + f"?q={self.symbol}"
