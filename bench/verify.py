"""Checks that the generated books hold together, in SQL over the whole data set."""

import datetime as dt

from django.db import connection

from kythuat.holdings.models import PeriodClose

KEY = "unit_id, type_id, COALESCE(facility_id, 0), COALESCE(lot_id, 0), grade, usage_group_id"
HELD = "('in_service', 'in_repair')"


def _count(sql: str, params=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _differ(left: str, right: str, left_params=(), right_params=()) -> int:
    """Rows in either result and not in the other."""
    return _count(
        f"SELECT COUNT(*) FROM ({left} EXCEPT {right}) d", [*left_params, *right_params]
    ) + _count(f"SELECT COUNT(*) FROM ({right} EXCEPT {left}) d", [*right_params, *left_params])


def verify() -> dict[str, int]:
    """Each figure is a count of mismatches: all must be 0."""
    problems = {
        "balances != ledger sums": _differ(
            f"SELECT {KEY}, SUM(quantity) FROM holdings_ledgerentry GROUP BY {KEY}",
            f"SELECT {KEY}, quantity FROM holdings_balance",
        ),
        "items without entries": _count(
            "SELECT COUNT(*) FROM holdings_item i WHERE NOT EXISTS "
            "(SELECT 1 FROM holdings_ledgerentry e WHERE e.item_id = i.id)"
        ),
        "items != their last entry": _count(
            "SELECT COUNT(*) FROM holdings_item i JOIN holdings_ledgerentry e ON e.id = ("
            " SELECT e2.id FROM holdings_ledgerentry e2 WHERE e2.item_id = i.id"
            " ORDER BY e2.effective_date DESC, e2.id DESC LIMIT 1) "
            f"WHERE e.unit_id <> i.unit_id OR e.grade <> i.grade "
            f"OR (e.quantity > 0) <> (i.status IN {HELD})"
        ),
        "unposted or unnumbered documents": _count(
            "SELECT COUNT(*) FROM holdings_movement WHERE status <> 'posted' OR number = ''"
        ),
    }
    close = PeriodClose.objects.select_related("unit").order_by("-period_end", "unit__path").first()
    if close is not None:
        subtree = "unit_id IN (SELECT id FROM org_unit WHERE path LIKE %s)"
        problems["snapshot != ledger up to the period end"] = _differ(
            f"SELECT {KEY}, SUM(quantity) FROM holdings_ledgerentry WHERE {subtree} "
            f"AND effective_date <= %s GROUP BY {KEY} HAVING SUM(quantity) <> 0",
            f"SELECT {KEY}, quantity FROM holdings_balancesnapshot WHERE close_id = %s",
            (close.unit.path + "%", connection.ops.adapt_datefield_value(close.period_end)),
            (close.pk,),
        )
    return problems


def as_of_matches_ledger(unit, day: dt.date, rows: dict) -> bool:
    """The selector's answer as at `day` equals the ledger summed from the beginning."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type_id, grade, SUM(quantity) FROM holdings_ledgerentry WHERE unit_id IN "
            "(SELECT id FROM org_unit WHERE path LIKE %s) AND effective_date <= %s "
            "GROUP BY type_id, grade HAVING SUM(quantity) <> 0",
            [unit.path + "%", connection.ops.adapt_datefield_value(day)],
        )
        expected = {(t, g): q for t, g, q in cursor.fetchall()}
    return {k: float(v) for k, v in expected.items()} == {k: float(v) for k, v in rows.items()}
