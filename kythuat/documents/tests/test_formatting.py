import datetime as dt
from decimal import Decimal

import pytest

from kythuat.documents.formatting import (
    date_line,
    format_figure,
    format_symbol,
    number_line,
    roman,
    vn_date,
)


@pytest.mark.parametrize(("day", "text"), [
    (dt.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
    (dt.date(2026, 2, 25), "ngày 25 tháng 02 năm 2026"),
    (dt.date(2026, 3, 10), "ngày 10 tháng 3 năm 2026"),
    (dt.date(2026, 12, 9), "ngày 09 tháng 12 năm 2026"),
    (dt.date(2018, 4, 3), "ngày 03 tháng 4 năm 2018"),
])
def test_date_leading_zeros_for_days_under_10_and_months_1_and_2(day, text):
    assert vn_date(day) == text


def test_date_line_with_place():
    assert date_line("Lạng Sơn", dt.date(2026, 1, 5)) == "Lạng Sơn, ngày 05 tháng 01 năm 2026"


def test_symbols_of_both_profiles():
    assert format_symbol("{n}/{type}-{issuer}", 15, "BC", "BCH") == "15/BC-BCH"
    assert format_symbol("{n}/{type}-{issuer}", 5, "bc", "bch") == "05/BC-BCH"
    assert format_symbol("{n}-{type}/{issuer}", 382, "NQ", "ĐUQSTW") == "382-NQ/ĐUQSTW"
    assert number_line("Số:", "15/BC-BCH") == "Số: 15/BC-BCH"
    assert number_line("Số", "382-NQ/ĐUQSTW") == "Số 382-NQ/ĐUQSTW"


def test_figures_print_the_vietnamese_way():
    assert format_figure(1234567) == "1.234.567"
    assert format_figure(Decimal("21.5")) == "21,5"
    assert format_figure(Decimal("1234.50")) == "1.234,5"
    assert format_figure(Decimal("12.000")) == "12"
    assert format_figure("AK-47") == "AK-47"
    assert roman(4) == "IV"
    assert roman(9) == "IX"
