"""A stateful property test of the ledger (issue 13, section 3).

Hypothesis plays random sequences of receipts, issues to a subordinate, transfers, grade
changes, consumptions, reversals, corrections (a reversal and a new posting of the same day)
and quarter closings, on dates spread over two years, through the holdings services. After
every step:

- each cached balance equals the sum of its ledger entries, and no balance is negative;
- the as-at balances of every unit, on every day a document was dated and every closed
  quarter's end, equal a replay of the ledger entries up to that day, and none is negative;
- the balances of a closed quarter, and its entries, never change.

A refused step (not enough on hand, a closed period) must change nothing. Bounded: a few dozen
sequences of a dozen steps.
"""

import contextlib
import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from kythuat.holdings import services
from kythuat.holdings.models import Balance, LedgerEntry, Movement
from kythuat.holdings.selectors.balances import FULL_KEY, subtree_balances_as_of
from kythuat.org.models import Unit

pytestmark = pytest.mark.django_db
DAYS = [dt.date(2024, 2, 10), dt.date(2024, 3, 31), dt.date(2024, 5, 15),
        dt.date(2024, 8, 20), dt.date(2024, 11, 25), dt.date(2025, 2, 10),
        dt.date(2025, 6, 30), dt.date(2025, 9, 1)]
QUARTERS = [(2024, 1), (2024, 2), (2024, 3), (2024, 4), (2025, 1), (2025, 2)]
QUANTITY = st.integers(min_value=1, max_value=40).map(Decimal)
GRADE = st.integers(min_value=1, max_value=3)


def _ledger_rows() -> list[tuple]:
    return list(LedgerEntry.objects.values_list(*FULL_KEY, "effective_date", "quantity"))


def _replay(rows: list[tuple], units: set[int], day: dt.date) -> dict[tuple, Decimal]:
    totals: dict[tuple, Decimal] = defaultdict(Decimal)
    for *key, effective, quantity in rows:
        if key[0] in units and effective <= day:
            totals[tuple(key)] += quantity
    return {key: value for key, value in totals.items() if value}


class Ledger(RuleBasedStateMachine):
    org = None  # set by the test

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()  # each sequence runs in a savepoint rolled back at its end
        org = type(self).org
        self.units = [org.province_a, org.commune_a, org.province_b]
        self.posted: list[int] = []
        self.closed: dict[tuple[int, dt.date], dict] = {}  # (unit, period end) → balances

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # Steps -------------------------------------------------------------------------------

    def _record(self, **header) -> None:
        line = header.pop("line")
        try:
            movement = services.movement_record(actor=None, lines=[services.LineSpec(
                type=self.org.fuel, usage_group=self.org.sscd, **line)], **header)
        except ValidationError:
            return  # refused: the invariants check that nothing changed
        self.posted.append(movement.pk)

    @rule(unit=st.integers(0, 2), quantity=QUANTITY, grade=GRADE, day=st.sampled_from(DAYS))
    def receive(self, unit, quantity, grade, day):
        self._record(kind="receipt", source="factory", to_unit=self.units[unit],
                     effective_date=day, line={"quantity": quantity, "grade": grade})

    @rule(quantity=QUANTITY, grade=GRADE, day=st.sampled_from(DAYS))
    def issue_to_the_commune(self, quantity, grade, day):
        self._record(kind="issue", from_unit=self.units[0], to_unit=self.units[1],
                     effective_date=day, line={"quantity": quantity, "grade": grade})

    @rule(origin=st.integers(0, 2), destination=st.integers(0, 2), quantity=QUANTITY, grade=GRADE,
          day=st.sampled_from(DAYS))
    def transfer(self, origin, destination, quantity, grade, day):
        if origin != destination:
            self._record(kind="transfer", from_unit=self.units[origin],
                         to_unit=self.units[destination], effective_date=day,
                         line={"quantity": quantity, "grade": grade})

    @rule(unit=st.integers(0, 2), quantity=QUANTITY, grade=GRADE, new=GRADE,
          day=st.sampled_from(DAYS))
    def change_grade(self, unit, quantity, grade, new, day):
        if grade != new:
            self._record(kind="grade_change", from_unit=self.units[unit], effective_date=day,
                         line={"quantity": quantity, "grade": grade, "grade_to": new})

    @rule(unit=st.integers(0, 2), quantity=QUANTITY, grade=GRADE, day=st.sampled_from(DAYS))
    def consume(self, unit, quantity, grade, day):
        self._record(kind="consumption", from_unit=self.units[unit], effective_date=day,
                     line={"quantity": quantity, "grade": grade})

    @precondition(lambda self: self.posted)
    @rule(pick=st.integers(0, 1000), day=st.sampled_from([*DAYS, None]))
    def reverse(self, pick, day):
        movement = Movement.objects.get(pk=self.posted[pick % len(self.posted)])
        with contextlib.suppress(ValidationError):  # refused: nothing may change
            services.movement_reverse(actor=None, movement=movement, effective_date=day,
                                      reason="Ghi nhầm số lượng")

    @precondition(lambda self: self.posted)
    @rule(pick=st.integers(0, 1000), quantity=QUANTITY)
    def correct(self, pick, quantity):
        """Reverses a document on its own day and posts it again with another quantity."""
        movement = Movement.objects.get(pk=self.posted[pick % len(self.posted)])
        line = movement.lines.first()
        try:
            with transaction.atomic():
                services.movement_reverse(actor=None, movement=movement,
                                          effective_date=movement.effective_date,
                                          reason="Điều chỉnh số lượng")
                again = services.movement_record(
                    actor=None, kind=movement.kind, source=movement.source,
                    from_unit=movement.from_unit, to_unit=movement.to_unit,
                    effective_date=movement.effective_date,
                    lines=[services.LineSpec(type=line.type, quantity=quantity,
                                             grade=line.grade, grade_to=line.grade_to,
                                             usage_group=line.usage_group)])
        except ValidationError:
            return
        self.posted.append(again.pk)

    @rule(unit=st.integers(0, 2), quarter=st.sampled_from(QUARTERS))
    def close_quarter(self, unit, quarter):
        unit = self.units[unit]
        try:
            close = services.period_close(actor=None, unit=unit, kind="quarter",
                                          year=quarter[0], quarter=quarter[1])
        except ValidationError:
            return
        self.closed[(unit.pk, close.period_end)] = self._as_at(unit, close.period_end)

    # Invariants ----------------------------------------------------------------------------

    def _as_at(self, unit: Unit, day: dt.date) -> dict:
        return {key: value for key, value in subtree_balances_as_of(
            unit=unit, day=day, fields=FULL_KEY).items() if value}

    @invariant()
    def cached_balances_are_the_sum_of_the_ledger(self):
        ledger = {tuple(row[:-1]): row[-1] for row in LedgerEntry.objects.values_list(
            *FULL_KEY).annotate(total=Sum("quantity")) if row[-1]}
        cached = {tuple(row[:-1]): row[-1] for row in Balance.objects.values_list(
            *FULL_KEY, "quantity") if row[-1]}
        assert cached == ledger
        assert all(quantity >= 0 for quantity in cached.values()), cached

    @invariant()
    def as_at_balances_equal_a_replay_and_are_never_negative(self):
        rows = _ledger_rows()
        days = sorted({row[-2] for row in rows} | {end for _unit, end in self.closed})
        for unit in self.units:
            subtree = set(Unit.objects.filter(path__startswith=unit.path)
                          .values_list("pk", flat=True))
            for day in days:
                replay = _replay(rows, subtree, day)
                assert self._as_at(unit, day) == replay, (unit.code, day)
                assert all(value >= 0 for value in replay.values()), (unit.code, day, replay)

    @invariant()
    def closed_quarters_never_change(self):
        for (unit_pk, end), balances in self.closed.items():
            unit = Unit.objects.get(pk=unit_pk)
            assert self._as_at(unit, end) == balances, (unit.code, end)


def test_the_ledger_stays_consistent_under_random_sequences(org):
    Ledger.org = org
    run_state_machine_as_test(Ledger, settings=settings(
        max_examples=20, stateful_step_count=10, deadline=None, database=None,
        derandomize=True, suppress_health_check=list(HealthCheck)))
