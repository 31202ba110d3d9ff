"""Report figures against the documents of the `books` fixture, worked out by hand."""

import datetime as dt
from decimal import Decimal

import pytest

from kythuat.holdings import services
from kythuat.holdings.selectors import subtree_balances_as_of
from kythuat.reports import selectors

pytestmark = pytest.mark.django_db
Q1 = {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 3, 31)}


def rows_by_type(report):
    return {(row.type.symbol, row.grade): row for row in report.rows}


def test_quarter_report_counts_each_kind_of_increase_and_decrease(books):
    report = selectors.increase_decrease_report(unit=books.province_a, **Q1)
    rows = rows_by_type(report)
    fuel, rifle = rows[("DẦU-DO", None)], rows[("AK-47", None)]
    # Fuel: 1000 held; +200 from a factory (commune), +30 transferred in from Cao Bằng;
    # −50 transferred out to Cao Bằng, −20 consumed.
    assert fuel.opening == 1000
    assert dict(fuel.increases) == {"receipt:factory": 200, "transfer": 30}
    assert {k: v for k, v in fuel.decreases.items() if v} == {"transfer": 50, "consumption": 20}
    assert fuel.closing == 1160
    # Rifles: 3 held, +2 from the higher level; the issue to the commune is internal and the
    # grade change only restates one rifle inside the type.
    assert (rifle.opening, rifle.total_increase, rifle.total_decrease, rifle.closing) == (
        3,
        2,
        0,
        5,
    )
    assert rifle.increases["receipt:higher_level"] == 2
    assert all(row.balances for row in report.rows)
    assert [key for key, _label in report.increase_columns] == [
        "receipt:higher_level",
        "receipt:factory",
        "transfer",
    ]
    assert [key for key, _label in report.decrease_columns] == ["transfer", "consumption"]


def test_moves_inside_the_subtree_are_left_out_but_counted_for_a_part_of_it(books):
    commune = selectors.increase_decrease_report(unit=books.commune_a, **Q1)
    rifle = rows_by_type(commune)[("AK-47", None)]
    assert (rifle.opening, rifle.increases["issue"], rifle.closing) == (0, 1, 1)
    province = selectors.increase_decrease_report(unit=books.province_a, **Q1)
    assert "issue" not in dict(province.increase_columns)
    assert "issue" not in dict(province.decrease_columns)


def test_rows_by_grade_show_the_grade_change(books):
    report = selectors.increase_decrease_report(unit=books.province_a, by_grade=True, **Q1)
    rows = rows_by_type(report)
    first, third = rows[("AK-47", 1)], rows[("AK-47", 3)]
    assert (
        first.opening,
        first.increases["receipt:higher_level"],
        first.decreases["grade_change"],
        first.closing,
    ) == (3, 2, 1, 4)
    assert (third.opening, third.increases["grade_change"], third.closing) == (0, 1, 1)
    assert all(row.balances for row in report.rows)


def test_branch_subtotals_and_grand_totals_add_up_by_unit_of_measure(books):
    report = selectors.increase_decrease_report(
        unit=books.province_a, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    )
    kinds = [(line.kind, line.uom) for line in report.lines]
    assert kinds == [
        ("branch", ""),
        ("row", "khẩu"),
        ("subtotal", "khẩu"),
        ("branch", ""),
        ("row", "lít"),
        ("subtotal", "lít"),
        ("total", "khẩu"),
        ("total", "lít"),
    ]
    assert [line.label for line in report.lines if line.kind == "branch"] == [
        books.rifle.branch.name,
        books.fuel.branch.name,
    ]
    totals = {line.uom: line for line in report.lines if line.kind == "total"}
    # The year adds the second quarter's 999 litres from the higher level.
    assert (
        totals["lít"].opening,
        totals["lít"].total_increase,
        totals["lít"].total_decrease,
        totals["lít"].closing,
    ) == (1000, 200 + 30 + 999, 50 + 20, 2159)
    assert (totals["khẩu"].opening, totals["khẩu"].closing) == (3, 5)
    assert all(line.balances for line in report.lines)


def test_a_reversed_receipt_nets_out_of_its_source_column(books):
    receipt = books.bulk(books.province_a, books.fuel, 70, day=dt.date(2026, 2, 20))
    services.movement_reverse(
        actor=None, movement=receipt, effective_date=dt.date(2026, 2, 21), reason="nhầm"
    )
    fuel = rows_by_type(selectors.increase_decrease_report(unit=books.province_a, **Q1))[
        ("DẦU-DO", None)
    ]
    assert fuel.increases.get("receipt:higher_level", 0) == 0
    assert fuel.closing == 1160
    assert fuel.balances


def test_type_filter_keeps_one_type(books):
    report = selectors.increase_decrease_report(unit=books.province_a, type_id=books.fuel.pk, **Q1)
    assert [row.type.symbol for row in report.rows] == ["DẦU-DO"]


def grade_rows(section):
    return {row.label: row for row in section.rows}


def test_grade_report_rows_per_subordinate_and_own_holdings(books):
    report = selectors.grade_report(unit=books.province_a, day=dt.date(2026, 3, 31))
    sections = {section.type.symbol: section for section in report.sections}
    rifles = grade_rows(sections["AK-47"])
    own = rifles["Bộ CHQS tỉnh Lạng Sơn (trực tiếp quản lý)"]
    # R3, R4, R5 grade 1 and R2 (grade 3 since 02/03) at the province; R1 at the commune.
    assert (own.by_grade[1], own.by_grade[3], own.total) == (3, 1, 4)
    assert rifles["Ban CHQS xã Hữu Lũng"].by_grade[1] == 1
    total = sections["AK-47"].total_row
    assert (total.by_grade[1], total.by_grade[3], total.total) == (4, 1, 5)
    assert total.coefficient == Decimal("80.0")  # grades 1 and 2 are serviceable: 4 of 5
    fuel = grade_rows(sections["DẦU-DO"])
    assert fuel["Bộ CHQS tỉnh Lạng Sơn (trực tiếp quản lý)"].total == 1000 - 50
    assert fuel["Ban CHQS xã Hữu Lũng"].total == 200 + 30 - 20


def test_grade_report_totals_are_the_sum_of_the_rows_and_the_balance(books):
    report = selectors.grade_report(unit=books.hq, day=dt.date(2026, 3, 31))
    balance = subtree_balances_as_of(
        unit=books.hq, day=dt.date(2026, 3, 31), fields=("type_id", "grade")
    )
    for section in report.sections:
        total = section.total_row
        for grade in (1, 2, 3, 4, 5):
            summed = sum((row.by_grade.get(grade, 0) for row in section.unit_rows), Decimal(0))
            assert total.by_grade.get(grade, 0) == summed
            assert summed == balance.get((section.type.pk, grade), 0)
    fuel = next(s for s in report.sections if s.type.symbol == "DẦU-DO")
    assert {row.label: row.total for row in fuel.unit_rows} == {
        "Bộ CHQS tỉnh Lạng Sơn": 1160,
        "Bộ CHQS tỉnh Cao Bằng": 100 + 50 - 30,
    }


def test_grade_report_as_at_an_earlier_date_and_by_usage_group(books):
    report = selectors.grade_report(
        unit=books.province_a, day=dt.date(2025, 12, 31), type_id=books.rifle.pk, split_usage=True
    )
    (section,) = report.sections
    kinds = [(row.kind, row.label) for row in section.rows]
    assert kinds == [
        ("unit", "Bộ CHQS tỉnh Lạng Sơn (trực tiếp quản lý)"),
        ("usage", books.sscd.name),
        ("total", kinds[2][1]),
        ("total_usage", books.sscd.name),
    ]
    assert section.total_row.by_grade == {1: 3}


def test_usage_group_filter_leaves_out_other_groups(books):
    report = selectors.grade_report(
        unit=books.province_a, day=None, usage_group_id=books.training.pk
    )
    assert report.sections == []


def test_strength_report_difference_percentage_and_totals(books):
    for unit, quantity in ((books.province_a, 10), (books.commune_a, 2)):
        services.authorized_strength_set(
            actor=None,
            unit=unit,
            type=books.rifle,
            quantity=Decimal(quantity),
            valid_from=dt.date(2025, 1, 1),
        )
    report = selectors.strength_report(
        unit=books.province_a, day=dt.date(2026, 5, 1), type_id=books.rifle.pk
    )
    rows = {row.unit: row for row in report.rows}
    province, commune = rows["Bộ CHQS tỉnh Lạng Sơn"], rows["Ban CHQS xã Hữu Lũng"]
    assert (province.authorized, province.on_hand, province.difference, province.percent) == (
        10,
        4,
        -6,
        Decimal("40.0"),
    )
    assert (commune.authorized, commune.on_hand, commune.difference, commune.percent) == (
        2,
        1,
        -1,
        Decimal("50.0"),
    )
    (total,) = report.totals
    assert (total.authorized, total.on_hand, total.difference) == (12, 5, -7)


def test_strength_without_authorised_strength_has_no_percentage(books):
    report = selectors.strength_report(
        unit=books.province_a, day=dt.date(2026, 5, 1), type_id=books.fuel.pk
    )
    assert report.rows
    assert all(row.authorized is None and row.percent is None for row in report.rows)


def test_reports_after_closing_the_year_read_the_same_figures(books):
    before = selectors.increase_decrease_report(unit=books.province_a, **Q1)
    grades_before = selectors.grade_report(unit=books.province_a, day=dt.date(2025, 12, 31))
    services.period_close(actor=None, unit=books.province_a, kind="year", year=2025)
    after = selectors.increase_decrease_report(unit=books.province_a, **Q1)
    grades_after = selectors.grade_report(unit=books.province_a, day=dt.date(2025, 12, 31))
    assert [(r.type.pk, r.opening, r.closing) for r in after.rows] == [
        (r.type.pk, r.opening, r.closing) for r in before.rows
    ]
    assert [
        [(row.label, dict(row.by_grade)) for row in section.rows]
        for section in grades_after.sections
    ] == [
        [(row.label, dict(row.by_grade)) for row in section.rows]
        for section in grades_before.sections
    ]


def test_grade_report_queries_do_not_grow_with_the_units(books):
    """The balances of every unit come from one grouped query, not one query per unit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(unit):
        with CaptureQueriesContext(connection) as captured:
            report = selectors.grade_report(unit=unit, day=dt.date(2026, 3, 31))
        return len(captured), report

    few, small = queries(books.province_b)
    many, large = queries(books.province_a)  # its own rows and the commune's
    assert sum(len(s.unit_rows) for s in large.sections) > sum(
        len(s.unit_rows) for s in small.sections)
    assert many == few
