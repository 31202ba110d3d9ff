"""The import templates: their columns (Vietnamese headers), what each column holds, an example.

A column of a user's file is matched to a field by its folded header (no case, no diacritics,
no spaces around): the field's header or one of its aliases.
"""

from dataclasses import dataclass, field, replace

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from kythuat.core.text import fold

from .models import ImportTemplate

TEXT, INT, DECIMAL, DATE = "text", "int", "decimal", "date"


@dataclass(frozen=True)
class Field:
    key: str
    header: Promise | str
    kind: str = TEXT
    required: bool = False
    note: Promise | str = ""
    sample: object = ""
    aliases: tuple[str, ...] = ()
    max_length: int = 200

    def names(self) -> set[str]:
        """Folded headers that match: the Vietnamese and English header and the aliases."""
        with override("vi"):
            vietnamese = fold(str(self.header))
        with override("en"):
            english = fold(str(self.header))
        return {vietnamese, english, *(fold(alias) for alias in self.aliases)}


@dataclass(frozen=True)
class Template:
    code: str
    title: Promise | str
    description: Promise | str
    fields: tuple[Field, ...] = field(default_factory=tuple)

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)

    @property
    def required(self) -> list[Field]:
        return [f for f in self.fields if f.required]


def _unit(required: bool = True, header=None, key: str = "unit", note=None) -> Field:
    return Field(
        key,
        header or _("Unit code"),
        required=required,
        max_length=50,
        note=note
        or _(
            "Code of the unit (as in the organisation screens); it must be "
            "your unit or one below it."
        ),
        sample="LS",
        aliases=("ma don vi", "don vi", "unit"),
    )


TYPE = Field(
    "type",
    _("Equipment type symbol"),
    required=True,
    max_length=60,
    note=_("Symbol of the equipment type as in the catalogue."),
    sample="AK-47",
    aliases=("ky hieu", "ky hieu trang bi", "chung loai", "symbol"),
)
GRADE = Field(
    "grade",
    _("Quality grade"),
    kind=INT,
    required=True,
    note=_('1 to 5 ("cấp 2" is read as 2).'),
    sample=2,
    aliases=("cap", "cap chat luong", "phan cap", "grade"),
)
GROUP = Field(
    "usage_group",
    _("Usage group"),
    required=True,
    max_length=100,
    note=_("Name or code of the usage group (SSCĐ, huấn luyện, dự trữ …)."),
    sample="Sẵn sàng chiến đấu",
    aliases=("nhom su dung", "nhom", "nhom sd"),
)
FACILITY = Field(
    "facility",
    _("Facility code"),
    max_length=50,
    note=_("Code of the depot or other facility of the unit; leave empty if none."),
    sample="",
    aliases=("ma kho", "kho", "co so", "facility"),
)
DATE_FIELD = Field(
    "effective_date",
    _("Entry date"),
    kind=DATE,
    note=_("dd/mm/yyyy; empty: the date chosen when uploading."),
    sample="01/01/2026",
    aliases=("ngay", "ngay nhap", "ngay hieu luc", "ngay ghi so"),
)
QUANTITY = Field(
    "quantity",
    _("Quantity"),
    kind=DECIMAL,
    required=True,
    note=_("A number greater than 0; a comma is the decimal mark (12,5)."),
    sample=120,
    aliases=("so luong", "sl", "quantity"),
)
YEAR = Field(
    "manufactured_year",
    _("Year of manufacture"),
    kind=INT,
    note=_("Four digits, e.g. 1985."),
    sample=1985,
    aliases=("nam sx", "nam san xuat", "year"),
)
NOTE = Field(
    "note", _("Note"), note=_("Free text."), sample="", max_length=300, aliases=("ghi chu", "note")
)
LOT = Field(
    "lot_number",
    _("Lot number"),
    max_length=60,
    note=_("Lot number as marked."),
    sample="L-2019-07",
    aliases=("so lo", "lo", "ma lo", "lot"),
)

TEMPLATES: dict[str, Template] = {
    t.code: t
    for t in (
        Template(
            ImportTemplate.UNITS,
            _("Units"),
            _("New units under units you administer."),
            (
                Field(
                    "code",
                    _("Unit code"),
                    required=True,
                    max_length=50,
                    sample="LS-XA-09",
                    note=_("A code not used by any other unit."),
                    aliases=("ma", "ma don vi"),
                ),
                Field(
                    "name",
                    _("Unit name"),
                    required=True,
                    sample="Ban CHQS xã Tân Thành",
                    note=_("Full name."),
                    aliases=("ten", "ten don vi"),
                ),
                Field(
                    "short_name",
                    _("Short name"),
                    max_length=60,
                    sample="Tân Thành",
                    note=_("Optional."),
                    aliases=("ten viet tat", "ten ngan"),
                ),
                Field(
                    "kind",
                    _("Unit kind"),
                    required=True,
                    max_length=100,
                    sample="Ban CHQS xã",
                    note=_("Name or code of the kind of unit, as in the reference data."),
                    aliases=("loai", "loai don vi", "cap don vi"),
                ),
                _unit(
                    header=_("Parent unit code"),
                    key="parent",
                    note=_(
                        "Code of the unit above it: your unit, one below it, or a unit on an "
                        "earlier row of this file."
                    ),
                ),
                Field(
                    "valid_from",
                    _("Established on"),
                    kind=DATE,
                    sample="01/07/2025",
                    note=_("dd/mm/yyyy; empty: 01/01/2000."),
                    aliases=("ngay thanh lap",),
                ),
            ),
        ),
        Template(
            ImportTemplate.TYPES,
            _("Equipment types"),
            _("Types used only by your unit and the units below it."),
            (
                Field(
                    "symbol",
                    _("Symbol"),
                    required=True,
                    max_length=60,
                    sample="K54-TQ",
                    note=_("A symbol not used by another type."),
                    aliases=("ky hieu",),
                ),
                Field(
                    "name",
                    _("Type name"),
                    required=True,
                    sample="Súng ngắn K54 (Trung Quốc)",
                    note=_("Full name."),
                    aliases=("ten", "ten chung loai", "ten trang bi"),
                ),
                Field(
                    "branch",
                    _("Technical branch"),
                    required=True,
                    max_length=100,
                    sample="Quân khí",
                    note=_("Name or code of the branch."),
                    aliases=("chuyen nganh", "nganh"),
                ),
                Field(
                    "uom",
                    _("Unit of measure"),
                    required=True,
                    max_length=20,
                    sample="khẩu",
                    note=_("khẩu, chiếc, bộ, viên, lít …"),
                    aliases=("dvt", "don vi tinh"),
                ),
                Field(
                    "origin",
                    _("Country of origin"),
                    max_length=60,
                    sample="Trung Quốc",
                    note=_("Optional."),
                    aliases=("nuoc san xuat", "xuat xu", "nuoc sx"),
                ),
                Field(
                    "tracking",
                    _("Tracking"),
                    required=True,
                    max_length=40,
                    sample="Theo số hiệu",
                    note=_('"Theo số hiệu" (each item), "Theo lô" or "Theo số lượng".'),
                    aliases=("quan ly", "cach quan ly", "theo doi"),
                ),
                _unit(
                    required=False,
                    header=_("Owner unit code"),
                    key="owner_unit",
                    note=_("Unit whose subtree uses the type; empty: the unit of the import."),
                ),
            ),
        ),
        Template(
            ImportTemplate.ITEMS,
            _("Items (by serial number)"),
            _("Items tracked one by one, posted as receipt documents (opening register)."),
            (
                _unit(),
                TYPE,
                Field(
                    "serial",
                    _("Serial number"),
                    required=True,
                    max_length=60,
                    sample="AK-123456",
                    note=_("Serial or engine number; unique for the type."),
                    aliases=("so hieu", "so may", "so khung", "serial"),
                ),
                YEAR,
                GRADE,
                GROUP,
                FACILITY,
                DATE_FIELD,
                NOTE,
            ),
        ),
        Template(
            ImportTemplate.LOTS,
            _("Lots"),
            _("Ammunition and other lots with their quantity, posted as receipt documents."),
            (
                _unit(),
                TYPE,
                LOT,
                Field(
                    "manufacturer",
                    _("Manufacturer"),
                    max_length=150,
                    sample="Nhà máy Z113",
                    note=_("Optional."),
                    aliases=("nha may", "noi san xuat"),
                ),
                YEAR,
                Field(
                    "expiry_date",
                    _("Expiry date"),
                    kind=DATE,
                    sample="31/12/2030",
                    note=_("dd/mm/yyyy; optional."),
                    aliases=("han su dung", "het han"),
                ),
                QUANTITY,
                GRADE,
                GROUP,
                FACILITY,
                DATE_FIELD,
                NOTE,
            ),
        ),
        Template(
            ImportTemplate.OPENING,
            _("Opening balances"),
            _(
                "Quantities on hand of types tracked by quantity or by lot, posted as receipt "
                "documents."
            ),
            (
                _unit(),
                TYPE,
                replace(LOT, sample="", note=_("Only for types tracked by lot.")),
                QUANTITY,
                GRADE,
                GROUP,
                FACILITY,
                DATE_FIELD,
                NOTE,
            ),
        ),
        Template(
            ImportTemplate.DOCUMENTS,
            _("Documents with lines"),
            _(
                "Any kind of document, one row per line; rows with the same document key make "
                "one document."
            ),
            (
                Field(
                    "document",
                    _("Document key"),
                    required=True,
                    max_length=40,
                    sample="1",
                    note=_(
                        "Any text that groups the rows of one document (the number gets given "
                        "when it is posted)."
                    ),
                    aliases=("so phieu", "phieu", "ma phieu"),
                ),
                Field(
                    "kind",
                    _("Document kind"),
                    max_length=60,
                    sample="Phiếu nhập",
                    note=_(
                        "On the first row of each document: phiếu nhập, cấp phát, điều "
                        "chuyển, trả lại, tiêu hao, mất, loại khỏi biên chế …"
                    ),
                    aliases=("loai phieu",),
                ),
                Field(
                    "effective_date",
                    _("Effective date"),
                    kind=DATE,
                    sample="10/01/2026",
                    note=_("dd/mm/yyyy; on the first row of each document."),
                    aliases=("ngay", "ngay phieu"),
                ),
                _unit(
                    required=False,
                    header=_("From unit code"),
                    key="from_unit",
                    note=_("The unit that gives or loses the equipment; empty for a receipt."),
                ),
                _unit(
                    required=False,
                    header=_("To unit code"),
                    key="to_unit",
                    note=_(
                        "The unit that receives it; empty for a consumption, loss or write-off."
                    ),
                ),
                Field(
                    "source",
                    _("Source"),
                    max_length=60,
                    sample="Trên cấp",
                    note=_("Receipts only: trên cấp, nhà máy, mua sắm, khác."),
                    aliases=("nguon", "nguon nhap"),
                ),
                Field(
                    "reason",
                    _("Reason"),
                    max_length=500,
                    sample="Bổ sung trang bị",
                    note=_("Why the equipment moves (optional)."),
                    aliases=("ly do", "noi dung"),
                ),
                Field(
                    "decision_ref",
                    _("Decision"),
                    max_length=200,
                    sample="QĐ 15/QĐ-BCH",
                    note=_("Number and date of the order or decision."),
                    aliases=("quyet dinh",),
                ),
                TYPE,
                Field(
                    "serial",
                    _("Serial number"),
                    max_length=60,
                    sample="",
                    note=_("For types tracked by serial number."),
                    aliases=("so hieu",),
                ),
                # The shared columns, optional here: an item by serial number leaves them empty.
                replace(LOT, sample="", note=_("For types tracked by lot.")),
                replace(QUANTITY, required=False, sample=50,
                        note=_("Empty for an item by serial number (1).")),
                replace(GRADE, required=False, sample=1,
                        note=_("1 to 5; for an item by serial number, empty (its own grade).")),
                replace(GROUP, required=False, sample="Huấn luyện",
                        note=_("Empty for an item by serial number.")),
                Field("grade_to", _("New grade"), kind=INT, note=_("Grade changes only.")),
                Field(
                    "usage_group_to",
                    _("New usage group"),
                    max_length=100,
                    note=_("Usage group changes only."),
                ),
                NOTE,
            ),
        ),
    )
}


def header_key(header: str) -> str:
    """A header as matched: folded, without the marks of a required column ("Số hiệu (*)")."""
    return " ".join(fold(header).replace("(*)", "").replace("*", "").split())


def auto_map(
    template: Template, headers: list[str], remembered: dict[str, str] | None = None
) -> dict[str, int]:
    """Field → column index: first what the unit confirmed last time for the same header
    text, then the template's own headers and aliases."""
    mapping: dict[str, int] = {}
    keys = [header_key(header) for header in headers]
    known = {f.key for f in template.fields}
    for index, key in enumerate(keys):
        field_key = (remembered or {}).get(key)
        if key and field_key in known and field_key not in mapping:
            mapping[field_key] = index
    used = set(mapping.values())
    for spec in template.fields:
        if spec.key in mapping:
            continue
        names = spec.names()
        for index, key in enumerate(keys):
            if key and index not in used and key in names:
                mapping[spec.key] = index
                used.add(index)
                break
    return mapping


def template(code: str) -> Template:
    return TEMPLATES[code]
