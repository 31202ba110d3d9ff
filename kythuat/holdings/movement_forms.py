"""Input of the document screens: the header form, the reverse form and the line editor.

The forms check shape and format (numbers, dates, ids the user may choose); the services
check the rules. Lines are read from `lines-<index>-<field>` keys, in the order the browser
sends them, so rows can be added and removed freely on the page.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kythuat.catalog.models import EquipmentType, Tracking, UsageGroup
from kythuat.core.text import serial_key
from kythuat.org.models import Unit, User
from kythuat.storage.models import Facility

from .choices import INCREASES, MOVES, RESTATES, ItemStatus, MovementKind, ReceiptSource
from .models import Item, Lot, Movement
from .services import LineSpec

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ERROR = _("Enter the date as dd/mm/yyyy, for example 31/12/2026.")
LINE_FIELDS = ("type", "item", "serial", "manufactured_year", "lot_number", "lot_expiry",
               "quantity", "grade", "grade_to", "usage_group", "usage_group_to", "note")
LINE_KEY = re.compile(r"^lines-(\d{1,6})-([a-z_]+)$")
MAX_LINES = 2000
MAX_DIGITS, DECIMALS = 15, 3
INDENT = "\u00a0" * 3


# Header ------------------------------------------------------------------------------------

def header_fields(kind: str) -> list[str]:
    """The unit and facility fields a kind of document asks for, in screen order."""
    if kind == MovementKind.RECEIPT:
        return ["to_unit", "to_facility", "source"]
    if kind in INCREASES:
        return ["to_unit", "to_facility"]
    if kind in MOVES:
        return ["from_unit", "from_facility", "to_unit", "to_facility"]
    return ["from_unit", "from_facility"]  # decreases and restatements


class UnitChoiceField(forms.ModelChoiceField):
    """Units indented under their parents, starting from the user's own unit."""

    base_depth = 0

    def label_from_instance(self, obj: Unit) -> str:
        return INDENT * max(obj.depth - self.base_depth, 0) + obj.name


class FacilityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Facility) -> str:
        return f"{obj.name} ({obj.owner_unit.label})"


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self) -> None:
        super().__init__(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy",
                                                   "inputmode": "numeric", "autocomplete": "off",
                                                   "class": "kt-date"})


class MovementForm(forms.Form):
    """The document header; the unit fields depend on the kind of document."""

    from_unit = UnitChoiceField(label=_("From unit"), queryset=Unit.objects.none())
    from_facility = FacilityChoiceField(label=_("From facility"), queryset=Facility.objects.none(),
                                        required=False)
    to_unit = UnitChoiceField(label=_("To unit"), queryset=Unit.objects.none())
    to_facility = FacilityChoiceField(label=_("To facility"), queryset=Facility.objects.none(),
                                      required=False)
    source = forms.ChoiceField(label=_("Source"), choices=[("", "---------"),
                                                          *ReceiptSource.choices])
    effective_date = forms.DateField(label=_("Effective date"), input_formats=DATE_FORMATS,
                                     widget=DateInput(), initial=timezone.localdate,
                                     error_messages={"invalid": DATE_ERROR})
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)
    decision_ref = forms.CharField(label=_("Decision"), max_length=200, required=False,
                                   help_text=_("Number and date of the order or decision."))
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user: User, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = {*header_fields(kind), "effective_date", "reason", "decision_ref", "note"}
        for name in [name for name in self.fields if name not in keep]:
            del self.fields[name]
        units = Unit.objects.visible_to(user).active().order_by("path")
        facilities = Facility.objects.visible_to(user).select_related("owner_unit").exclude(
            status=Facility.Status.DECOMMISSIONED)
        for name, formfield in self.fields.items():
            if name.endswith("_unit"):
                formfield.queryset = units
                formfield.base_depth = user.unit.depth if user.unit_id else 0
            elif name.endswith("_facility"):
                formfield.queryset = facilities
        if kind in RESTATES:
            self.fields["from_unit"].label = _("Unit")
            self.fields["from_facility"].label = _("Facility")
        if "reason" in self.fields and kind == MovementKind.RECEIPT:
            self.fields["reason"].help_text = _("For example the supplying unit or factory.")

    def header(self) -> dict:
        """Keyword arguments for movement_create / movement_update."""
        return {name: self.cleaned_data.get(name) for name in self.fields}

    def add_service_error(self, error) -> list[str]:
        """Puts a service's field errors on the fields; returns the other messages."""
        if not hasattr(error, "error_dict"):
            return list(error.messages)
        for name, errors in error.message_dict.items():
            for message in errors:
                self.add_error(name if name in self.fields else None, message)
        return []


class ReverseForm(forms.Form):
    effective_date = forms.DateField(label=_("Effective date of the reversal"),
                                     input_formats=DATE_FORMATS, widget=DateInput(),
                                     initial=timezone.localdate,
                                     error_messages={"invalid": DATE_ERROR})
    reason = forms.CharField(
        label=_("Reason"), max_length=500,
        help_text=_("Required; printed on the document and on its reversal."),
        error_messages={"required": _("Give the reason for the reversal (for example the "
                                      "error found or the decision that cancels the "
                                      "document); it is printed on both documents.")})


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the clerk"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What must be corrected before the document can be posted."),
        error_messages={"required": _("Write what the clerk must correct before the "
                                      "document can be posted.")})


# Numbers and dates as people type them ------------------------------------------------------

class BadInput(ValueError):
    pass


def _grouped(parts: list[str]) -> bool:
    return 1 <= len(parts[0]) <= 3 and all(len(part) == 3 for part in parts[1:])


def parse_decimal(text: str) -> Decimal:
    """Reads "1.234,5", "1234,5", "1,234.5" and "1234.5" alike; refuses "12,3,4".

    Both separators: the last one is the decimal point. One kind repeated: thousands. One
    separator once: the decimal point of the active language, or thousands when it is the
    other character followed by exactly three digits ("1.234" is 1234 in Vietnamese).
    """
    raw = text.replace("\u00a0", "").replace(" ", "")
    sign = ""
    if raw[:1] in "+-":
        sign, raw = raw[:1].replace("+", ""), raw[1:]
    if not raw or not re.fullmatch(r"[0-9.,]+", raw) or not raw[0].isdigit():
        raise BadInput(text)
    decimal_sep = formats.get_format("DECIMAL_SEPARATOR")
    dots, commas = raw.count("."), raw.count(",")
    if dots and commas:
        point = "." if raw.rfind(".") > raw.rfind(",") else ","
        other = "," if point == "." else "."
        whole, _sep, fraction = raw.rpartition(point)
        if raw.count(point) > 1 or not fraction or not _grouped(whole.split(other)):
            raise BadInput(text)
        number = whole.replace(other, "") + "." + fraction
    elif dots + commas > 1:
        separator = "." if dots else ","
        if not _grouped(raw.split(separator)):
            raise BadInput(text)
        number = raw.replace(separator, "")
    elif dots + commas == 1:
        separator = "." if dots else ","
        whole, _sep, fraction = raw.partition(separator)
        if not fraction:
            raise BadInput(text)
        thousands = separator != decimal_sep and len(fraction) == 3 and _grouped([whole])
        number = whole + fraction if thousands else f"{whole}.{fraction}"
    else:
        number = raw
    try:
        value = Decimal(sign + number)
    except InvalidOperation:
        raise BadInput(text) from None
    return value


def parse_date(text: str) -> dt.date:
    """dd/mm/yyyy (the way dates are written here) or yyyy-mm-dd."""
    text = text.strip()
    if match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        day, month, year = (int(part) for part in match.groups())
    elif match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise BadInput(text)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise BadInput(text) from None


def format_quantity(value: Decimal | None) -> str:
    if value is None:
        return ""
    value = value.normalize() if value != value.to_integral() else value.quantize(Decimal(1))
    return formats.number_format(value, use_l10n=True)


# Lines -------------------------------------------------------------------------------------

@dataclass
class LineRow:
    """One row of the line editor: what the user typed, and what it means."""

    index: int
    values: dict[str, str] = field(default_factory=dict)
    type: EquipmentType | None = None
    errors: list[str] = field(default_factory=list)
    spec: LineSpec | None = None

    def is_blank(self) -> bool:
        return not any(value.strip() for value in self.values.values())

    def get(self, name: str) -> str:
        return self.values.get(name, "").strip()


def rows_from_data(data) -> list[LineRow]:
    """The rows posted as `lines-<index>-<field>`, in the order they appear on the page."""
    rows: dict[int, LineRow] = {}
    for key in data:
        match = LINE_KEY.match(key)
        if match and match[2] in LINE_FIELDS:
            index = int(match[1])
            row = rows.setdefault(index, LineRow(index=index))
            row.values[match[2]] = data.get(key, "")
    return list(rows.values())


def rows_from_movement(movement: Movement) -> list[LineRow]:
    rows = []
    for index, line in enumerate(movement.lines.select_related(
            "type", "item", "lot").order_by("id")):
        values = {
            "type": str(line.type_id),
            "serial": line.item.serial if line.item else line.serial,
            "manufactured_year": str(line.manufactured_year or ""),
            "lot_number": line.lot.lot_number if line.lot else line.lot_number,
            "lot_expiry": line.lot_expiry.strftime("%d/%m/%Y") if line.lot_expiry else "",
            "quantity": format_quantity(line.quantity),
            "grade": str(line.grade or ""), "grade_to": str(line.grade_to or ""),
            "usage_group": str(line.usage_group_id or ""),
            "usage_group_to": str(line.usage_group_to_id or ""), "note": line.note,
        }
        if line.type.is_serial and (movement.kind not in INCREASES or line.item_id):
            values.update(grade="", usage_group="", quantity="")
        rows.append(LineRow(index=index, values=values, type=line.type))
    return rows


class LineEditor:
    """Everything a page of lines needs: the choices, and the parsing of posted rows."""

    def __init__(self, *, user: User, kind: str):
        self.user, self.kind = user, kind
        self.increase = kind in INCREASES
        self.types = list(EquipmentType.objects.visible_to(user).active()
                          .select_related("branch").order_by("branch__order", "name"))
        self.types_by_id = {etype.pk: etype for etype in self.types}
        self.usage_groups = list(UsageGroup.objects.valid_on().order_by("order", "name"))
        self.groups_by_id = {group.pk: group for group in self.usage_groups}

    # choices for the templates
    def type_groups(self) -> list[tuple[str, list[EquipmentType]]]:
        groups: dict[str, list[EquipmentType]] = {}
        for etype in self.types:
            groups.setdefault(etype.branch.name, []).append(etype)
        return list(groups.items())

    def context(self) -> dict:
        return {"editor": self, "kind": self.kind, "increase": self.increase,
                "grade_change": self.kind == MovementKind.GRADE_CHANGE,
                "usage_change": self.kind == MovementKind.USAGE_CHANGE,
                "grades": range(1, 6), "usage_groups": self.usage_groups,
                "type_groups": self.type_groups()}

    def type_of(self, value: str | None) -> EquipmentType | None:
        try:
            return self.types_by_id.get(int(value or ""))
        except ValueError:
            return None

    def blank_row(self, index: int, type_id: str | None = None,
                  values: dict[str, str] | None = None) -> LineRow:
        row = LineRow(index=index, values=dict(values or {}))
        row.type = self.type_of(type_id if type_id is not None else row.get("type"))
        row.values["type"] = str(row.type.pk) if row.type else ""
        return row

    def pasted_rows(self, data, start: int) -> list[LineRow]:
        """One row per pasted serial number (or lot number), with the shared fields."""
        etype = self.type_of(data.get("paste_type"))
        text = data.get("paste_serials", "")
        serials = [s.strip() for s in re.split(r"[\r\n,;\t]+", text) if s.strip()][:MAX_LINES]
        if etype is None or not serials:
            return []
        shared = {name: data.get(f"paste_{name}", "").strip()
                  for name in ("grade", "usage_group", "manufactured_year", "grade_to",
                               "usage_group_to")}
        column = "lot_number" if etype.is_lot else "serial"
        return [self.blank_row(start + n, str(etype.pk), {**shared, column: serial})
                for n, serial in enumerate(serials)]

    # parsing
    def read(self, data) -> list[LineRow]:
        """The posted rows, each with its equipment type."""
        rows = rows_from_data(data)
        for row in rows:
            row.type = self.type_of(row.get("type"))
        return rows

    def parse(self, rows: list[LineRow]) -> list[str]:
        """Fills each row's LineSpec; returns the messages of malformed input, per line.

        Blank rows are dropped, so line numbers match the service's messages.
        """
        rows[:] = [row for row in rows if not row.is_blank()]
        if len(rows) > MAX_LINES:
            return [gettext("A document can have at most %(count)s lines; split it into "
                            "several documents.") % {"count": MAX_LINES}]
        errors: list[str] = []
        items, lots = self._lookups(rows)
        for number, row in enumerate(rows, start=1):
            row.errors = []
            self._parse_row(row, items, lots)
            errors += [gettext("Line %(number)s: %(message)s") % {"number": number,
                                                                   "message": message}
                       for message in row.errors]
        return errors

    def _lookups(self, rows: list[LineRow]) -> tuple[dict, dict]:
        """Items and lots named by serial or lot number, in one query each, scoped."""
        serials = {(row.type.pk, serial_key(row.get("serial"))) for row in rows
                   if row.type and row.type.is_serial and not self.increase and row.get("serial")}
        items: dict[tuple[int, str], Item] = {}
        if serials:
            found = Item.objects.visible_to(self.user).exclude(status=ItemStatus.VOID).filter(
                type__in={t for t, _s in serials}, search_text__in={s for _t, s in serials})
            for item in found.select_related("usage_group").order_by("-id"):
                key = (item.type_id, item.search_text)
                if key not in items or item.status in (ItemStatus.IN_SERVICE,
                                                       ItemStatus.IN_REPAIR):
                    items[key] = item
        numbers = {(row.type.pk, row.get("lot_number")) for row in rows
                   if row.type and row.type.is_lot and not self.increase
                   and row.get("lot_number")}
        lots: dict[tuple[int, str], Lot] = {}
        if numbers:
            found_lots = Lot.objects.visible_to(self.user).filter(
                type__in={t for t, _n in numbers}, lot_number__in={n for _t, n in numbers})
            lots = {(lot.type_id, lot.lot_number): lot for lot in found_lots}
        return items, lots

    def _parse_row(self, row: LineRow, items: dict, lots: dict) -> None:
        fail = row.errors.append
        etype = row.type
        if etype is None:
            fail(gettext("choose the equipment type."))
            return
        spec = LineSpec(type=etype, note=row.get("note")[:300])
        quantity = row.get("quantity")
        if quantity:
            try:
                spec.quantity = parse_decimal(quantity)
            except BadInput:
                fail(gettext("“%(value)s” is not a number; write it like 1.234,5 or 1234.5.")
                     % {"value": quantity})
            else:
                _sign, digits, exponent = spec.quantity.as_tuple()
                if -int(exponent) > DECIMALS or len(digits) + int(exponent) > MAX_DIGITS:
                    fail(gettext("the quantity %(value)s has too many digits (at most three "
                                 "after the decimal separator).") % {"value": quantity})
        elif not etype.is_serial:
            fail(gettext("enter the quantity of %(type)s.") % {"type": etype.name})
        spec.grade = self._grade(row, "grade")
        spec.grade_to = self._grade(row, "grade_to")
        spec.usage_group = self._group(row, "usage_group")
        spec.usage_group_to = self._group(row, "usage_group_to")
        if etype.tracking == Tracking.SERIAL:
            self._parse_serial(row, spec, items)
        elif etype.tracking == Tracking.LOT:
            self._parse_lot(row, spec, lots)
        if not row.errors:
            row.spec = spec

    def _parse_serial(self, row: LineRow, spec: LineSpec, items: dict) -> None:
        serial = row.get("serial")[:60]
        if self.increase:
            spec.serial = serial
            year = row.get("manufactured_year")
            if year:
                if not year.isdigit() or not 1900 <= int(year) <= timezone.localdate().year:
                    row.errors.append(gettext("the year of manufacture “%(value)s” is not a "
                                              "year such as 1985.") % {"value": year})
                else:
                    spec.manufactured_year = int(year)
            return
        if not serial:
            row.errors.append(gettext("enter the serial number of the %(type)s item.")
                              % {"type": row.type.name})
            return
        spec.item = items.get((row.type.pk, serial_key(serial)))
        if spec.item is None:
            row.errors.append(gettext("no %(type)s with serial number %(serial)s is registered "
                                      "in your units.") % {"type": row.type.name,
                                                           "serial": serial})

    def _parse_lot(self, row: LineRow, spec: LineSpec, lots: dict) -> None:
        number = row.get("lot_number")[:60]
        if self.increase:
            spec.lot_number = number
            expiry = row.get("lot_expiry")
            if expiry:
                try:
                    spec.lot_expiry = parse_date(expiry)
                except BadInput:
                    row.errors.append(gettext("the expiry date “%(value)s” is not a date; "
                                              "write it as dd/mm/yyyy.") % {"value": expiry})
            return
        if not number:
            row.errors.append(gettext("%(type)s is tracked by lot: enter the lot number.")
                              % {"type": row.type.name})
            return
        spec.lot = lots.get((row.type.pk, number))
        if spec.lot is None:
            row.errors.append(gettext("lot %(lot)s of %(type)s is not held by your units.")
                              % {"lot": number, "type": row.type.name})

    def _grade(self, row: LineRow, name: str) -> int | None:
        value = row.get(name)
        if not value:
            return None
        if value not in {"1", "2", "3", "4", "5"}:
            row.errors.append(gettext("the grade must be a number from 1 to 5."))
            return None
        return int(value)

    def _group(self, row: LineRow, name: str) -> UsageGroup | None:
        value = row.get(name)
        group = self.groups_by_id.get(int(value)) if value.isdigit() else None
        if value and group is None:
            row.errors.append(gettext("choose a usage group from the list."))
        return group


def kinds_for_menu() -> list[tuple[str, str]]:
    """Kinds in the order of the "New document" menu: everyday ones first."""
    order = [MovementKind.RECEIPT, MovementKind.ISSUE, MovementKind.TRANSFER,
             MovementKind.RETURN, MovementKind.GRADE_CHANGE, MovementKind.USAGE_CHANGE,
             MovementKind.CONSUMPTION, MovementKind.LOSS, MovementKind.FOUND,
             MovementKind.WRITE_OFF, MovementKind.ADJUST_IN, MovementKind.ADJUST_OUT]
    return [(kind.value, kind.label) for kind in order]
