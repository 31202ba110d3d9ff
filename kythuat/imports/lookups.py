"""Names in a file (unit codes, type symbols, group names …) to records, read once per import
and compared folded, so "ls-xa-01", "Sẵn sàng chiến đấu" and "SSCĐ" find their rows.

A unit outside the import's unit, and a type the user cannot see, answer exactly like an
unknown one: the message never confirms that it exists.
"""

from functools import lru_cache

from django.utils.translation import gettext as _

from kythuat.catalog.models import Branch, EquipmentType, Tracking, UsageGroup
from kythuat.core.text import fold as fold_text
from kythuat.holdings.choices import MovementKind, ReceiptSource
from kythuat.org.models import Unit, UnitKind
from kythuat.org.querysets import subtree_filter
from kythuat.storage.models import Facility

from .rows import Context


@lru_cache(maxsize=4096)
def fold(value: str) -> str:
    """Folded text; a file repeats the same codes and names on thousands of rows."""
    return fold_text(value)


def _table(ctx: Context, name: str, build) -> dict:
    if name not in ctx.cache:
        ctx.cache[name] = build()
    return ctx.cache[name]


def units(ctx: Context) -> dict[str, Unit]:
    return _table(
        ctx,
        "units",
        lambda: {
            fold(unit.code): unit
            for unit in Unit.objects.filter(subtree_filter(ctx.unit.path)).select_related("kind")
        },
    )


SUGGESTIONS = 3


def nearest(key: str, table: dict, label) -> list[str]:
    """Up to three entries of `table` (folded key → record) nearest to the folded `key`: those
    ending or starting with it ("ls" → "QK1-LS"), then those spelled alike. The table holds only
    what the user may see, so a suggestion never reveals anything else."""
    import difflib

    if not key:
        return []
    ends = sorted(k for k in table if k != key and (
        k.endswith(f"-{key}") or k.startswith(f"{key}-") or f"-{key}-" in k))
    ends.sort(key=len)
    alike = difflib.get_close_matches(key, list(table), n=SUGGESTIONS, cutoff=0.6)
    chosen: list[str] = []
    for candidate in [*ends, *alike]:
        if candidate not in chosen:
            chosen.append(candidate)
    return [label(table[k]) for k in chosen[:SUGGESTIONS]]


def _did_you_mean(message: str, suggestions: list[str]) -> str:
    if not suggestions:
        return message
    return message + " " + _("Did you mean %(codes)s?") % {"codes": ", ".join(suggestions)}


def unit(ctx: Context, code: str | None) -> tuple[Unit | None, str]:
    if not code:
        return None, ""
    table = units(ctx)
    found = table.get(fold(code))
    if found is None:
        message = _("unit code %(code)s is unknown or is not %(unit)s or a unit below it.") % {
            "code": code,
            "unit": ctx.unit.name,
        }
        return None, _did_you_mean(message, nearest(fold(code), table, lambda u: u.code))
    return found, ""


def types(ctx: Context) -> dict[str, EquipmentType]:
    def build():
        visible = EquipmentType.objects.select_related("branch")
        if ctx.actor is not None:
            visible = visible.visible_to(ctx.actor)
        return {fold(etype.symbol): etype for etype in visible}

    return _table(ctx, "types", build)


def equipment_type(ctx: Context, symbol: str | None) -> tuple[EquipmentType | None, str]:
    if not symbol:
        return None, ""
    table = types(ctx)
    found = table.get(fold(symbol))
    if found is None:
        message = _("equipment type %(symbol)s is not in the catalogue.") % {"symbol": symbol}
        return None, _did_you_mean(message, nearest(fold(symbol), table, lambda t: t.symbol))
    if not found.is_active:
        return None, _("equipment type %(symbol)s is no longer in use.") % {"symbol": symbol}
    return found, ""


def _named(rows, *attributes: str) -> dict:
    """Folded names → row; "Sẵn sàng chiến đấu (SSCĐ)" also answers to either part."""
    table = {}
    for row in rows:
        for attribute in attributes:
            value = str(getattr(row, attribute))
            table.setdefault(fold(value), row)
            if "(" in value and value.endswith(")"):
                outside, inside = value[:-1].split("(", 1)
                table.setdefault(fold(outside), row)
                table.setdefault(fold(inside), row)
    return table


ABBREVIATIONS = {"sscd": "sscd", "hl": "huan-luyen", "dt": "du-tru", "ttx": "thuong-xuyen"}


def usage_group(ctx: Context, name: str | None) -> tuple[UsageGroup | None, str]:
    if not name:
        return None, ""
    table = _table(ctx, "groups", lambda: _named(UsageGroup.objects.all(), "code", "name"))
    key = fold(name)
    found = table.get(key) or table.get(fold(ABBREVIATIONS.get(key.replace(" ", ""), "")))
    if found is None:
        return None, _("usage group %(name)s is unknown; use one of: %(names)s.") % {
            "name": name,
            "names": ", ".join(sorted({g.name for g in table.values()})),
        }
    return found, ""


def facility(ctx: Context, code: str | None, owner: Unit | None) -> tuple[Facility | None, str]:
    if not code:
        return None, ""
    table = _table(
        ctx,
        "facilities",
        lambda: {
            fold(f.code): f
            for f in Facility.objects.filter(
                owner_unit__in=Unit.objects.filter(subtree_filter(ctx.unit.path))
            )
        },
    )
    found = table.get(fold(code))
    if found is None or (owner is not None and found.owner_unit_id != owner.pk):
        return None, _("facility %(code)s is not a facility of %(unit)s.") % {
            "code": code,
            "unit": owner.name if owner else ctx.unit.name,
        }
    return found, ""


def branch(ctx: Context, name: str | None) -> tuple[Branch | None, str]:
    table = _table(ctx, "branches", lambda: _named(Branch.objects.all(), "code", "name"))
    found = table.get(fold(name or ""))
    if found is None:
        return None, _("technical branch %(name)s is unknown; use one of: %(names)s.") % {
            "name": name,
            "names": ", ".join(sorted({b.name for b in table.values()})),
        }
    return found, ""


def unit_kind(ctx: Context, name: str | None) -> tuple[UnitKind | None, str]:
    table = _table(ctx, "kinds", lambda: _named(UnitKind.objects.all(), "code", "name"))
    found = table.get(fold(name or ""))
    if found is None:
        return None, _("unit kind %(name)s is unknown.") % {"name": name}
    return found, ""


def _choices(choices, extra: dict[str, str]) -> dict[str, str]:
    table = {fold(value): value for value, _label in choices}
    for value, label in choices:
        table[fold(str(label))] = value
    table.update({fold(key): value for key, value in extra.items()})
    return table


def tracking(value: str | None) -> tuple[str | None, str]:
    table = _choices(
        Tracking.choices,
        {
            "theo so hieu": Tracking.SERIAL,
            "so hieu": Tracking.SERIAL,
            "chiec": Tracking.SERIAL,
            "theo lo": Tracking.LOT,
            "lo": Tracking.LOT,
            "theo so luong": Tracking.BULK,
            "so luong": Tracking.BULK,
        },
    )
    found = table.get(fold(value or ""))
    if found is None:
        return None, _(
            'tracking "%(value)s" is unknown; write Theo số hiệu, Theo lô or Theo số lượng.'
        ) % {"value": value}
    return found, ""


KIND_WORDS = {
    "phieu nhap": MovementKind.RECEIPT,
    "nhap": MovementKind.RECEIPT,
    "phieu xuat": MovementKind.ISSUE,
    "cap phat": MovementKind.ISSUE,
    "xuat": MovementKind.ISSUE,
    "dieu chuyen": MovementKind.TRANSFER,
    "tra lai": MovementKind.RETURN,
    "thu hoi": MovementKind.RETURN,
    "phan cap": MovementKind.GRADE_CHANGE,
    "chuyen cap": MovementKind.GRADE_CHANGE,
    "doi nhom su dung": MovementKind.USAGE_CHANGE,
    "tieu hao": MovementKind.CONSUMPTION,
    "mat": MovementKind.LOSS,
    "tim thay": MovementKind.FOUND,
    "loai khoi bien che": MovementKind.WRITE_OFF,
    "thua kiem ke": MovementKind.ADJUST_IN,
    "thieu kiem ke": MovementKind.ADJUST_OUT,
}


def movement_kind(value: str | None) -> tuple[str | None, str]:
    table = _choices(MovementKind.choices, KIND_WORDS)
    found = table.get(fold(value or ""))
    if found is None:
        return None, _('document kind "%(value)s" is unknown.') % {"value": value}
    return found, ""


def receipt_source(value: str | None) -> tuple[str, str]:
    if not value:
        return "", ""
    table = _choices(
        ReceiptSource.choices,
        {
            "tren cap": ReceiptSource.HIGHER_LEVEL,
            "cap tren": ReceiptSource.HIGHER_LEVEL,
            "nha may": ReceiptSource.FACTORY,
            "mua sam": ReceiptSource.PURCHASE,
            "mua": ReceiptSource.PURCHASE,
            "khac": ReceiptSource.OTHER,
        },
    )
    found = table.get(fold(value))
    if found is None:
        return "", _('source "%(value)s" is unknown; write trên cấp, nhà máy, mua sắm or khác.') % {
            "value": value
        }
    return found, ""
