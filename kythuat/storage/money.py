"""Money in prose, as a report reads it: "21,5 tỷ đồng", "850 triệu đồng"."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

BILLION = 1_000_000_000
MILLION = 1_000_000


def _rounded(value: Decimal) -> str:
    value = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    places = 0 if value == value.to_integral_value() else 1
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def vnd_words(amount: int | None) -> str:
    """An amount of dong in words for prose; tables show the integer."""
    amount = int(amount or 0)
    if abs(amount) >= BILLION:
        return _("%(amount)s billion dong") % {"amount": _rounded(Decimal(amount) / BILLION)}
    if abs(amount) >= MILLION:
        return _("%(amount)s million dong") % {"amount": _rounded(Decimal(amount) / MILLION)}
    return _("%(amount)s dong") % {"amount": number_format(amount, use_l10n=True,
                                                           force_grouping=True)}
