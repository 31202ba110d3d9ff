"""Text rules of official documents: the date line, the number and symbol, figures in tables.
Pure functions (no database), shared by the composer, the services and the screens."""

import datetime as dt
import re
from decimal import Decimal

ABBREVIATION_RE = re.compile(r"^[0-9A-ZĐÀ-ỸĂÂÊÔƠƯ][0-9A-Za-zĐđÀ-ỹ\-]*$")


def vn_date(day: dt.date) -> str:
    """"ngày 05 tháng 01 năm 2026": days under 10 and the months 1 and 2 take a leading zero
    (NĐ 30/2020 Phụ lục I; HD 36 follows it), other months do not ("ngày 10 tháng 3")."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def date_line(place: str, day: dt.date) -> str:
    """"Lạng Sơn, ngày 05 tháng 01 năm 2026"."""
    place = place.strip()
    return f"{place}, {vn_date(day)}" if place else vn_date(day).capitalize()


def format_symbol(pattern: str, number: int | None, type_code: str, issuer_abbreviation: str,
                  pad: bool = True) -> str:
    """The number and symbol from a profile pattern: "{n}/{type}-{issuer}" gives "15/BC-BCH",
    "{n}-{type}/{issuer}" gives "382-NQ/ĐUQSTW". No number leaves room to write it by hand."""
    if number is None:
        text = "     "
    elif pad:
        text = f"{number:02d}"
    else:
        text = str(number)
    return pattern.format(n=text, type=type_code.upper(), issuer=issuer_abbreviation.upper())


def number_line(label: str, symbol: str) -> str:
    """"Số: 15/BC-BCH" (state, with a colon) or "Số 382-NQ/ĐUQSTW" (Party): the label is
    profile data and carries its own colon."""
    return f"{label.strip()} {symbol}".strip()


def format_figure(value) -> str:
    """A figure as Vietnamese tables print it: "1.234", "21,5"; text passes through."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float | Decimal):
        number = Decimal(str(value))
        if number == number.to_integral_value():
            return format_figure(int(number))
        text = f"{number:,.2f}".rstrip("0").rstrip(".")
        return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return str(value)


def is_figure(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(number: int) -> str:
    out = []
    for value, letters in ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)
