"""The indicators count the records: an adoption by the initiative's own unit is not "applied
elsewhere", and an initiative applied by two other units counts once."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kythuat.indicators import registry
from kythuat.indicators.periods import Period
from kythuat.initiatives import selectors, services

pytestmark = pytest.mark.django_db
D = dt.date
YEAR = Period.year(2024)


def value(code, unit, period=YEAR):
    return registry.compute(code, unit, period).total


def test_indicator_values_equal_the_records(org, recognised, register):
    register(title="Thiết bị nạp điện ắc quy", registered_on=D(2024, 5, 1))
    initiative = recognised.initiative
    assert value("initiatives.registered", org.hq) == 2
    assert value("initiatives.registered", org.province_b) == 0
    assert value("initiatives.recognised", org.hq) == 1
    assert value("initiatives.benefit_vnd", org.hq) == Decimal(5_000_000)
    by_level = registry.compute("initiatives.recognised", org.hq, YEAR).by("level")
    assert [(row.labels[0], row.value) for row in by_level] == [("Cấp sư đoàn, tỉnh", 1)]
    services.adoption_record(actor=None, initiative=initiative, unit=org.commune_a,
                             adopted_on=D(2024, 6, 1))
    assert value("initiatives.applied", org.hq) == 0  # the own unit's adoption
    assert value("initiatives.adoptions", org.hq) == 1
    for day in (D(2024, 7, 1), D(2024, 8, 1)):
        other = org.province_b if day.month == 7 else org.hq
        services.adoption_record(actor=None, initiative=initiative, unit=other, adopted_on=day)
    assert value("initiatives.applied", org.hq) == 1  # two other units, one initiative
    assert value("initiatives.adoptions", org.hq) == 3
    assert value("initiatives.adoptions", org.province_b) == 1
    where = registry.compute("initiatives.adoptions", org.hq, YEAR).by("where")
    assert {row.key[0]: row.value for row in where} == {True: 2, False: 1}
    assert value("initiatives.applied", org.hq, Period.year(2025)) == 0


def test_measured_benefit_reads_the_registry(org, recognised):
    services.measured_benefit_set(
        actor=None, initiative=recognised.initiative, unit=org.province_a,
        indicator_code="initiatives.registered", before_start=D(2023, 1, 1),
        before_end=D(2023, 12, 31), after_start=D(2024, 1, 1), after_end=D(2024, 12, 31))
    measured = selectors.measured_benefit(recognised.initiative)
    assert (measured.before, measured.after, measured.change) == (0, 1, 1)
    assert measured.change_percent is None


def test_measured_benefit_refuses_periods_out_of_order(org, recognised):
    with pytest.raises(ValidationError, match=r"sau|after"):
        services.measured_benefit_set(
            actor=None, initiative=recognised.initiative, unit=org.province_a,
            indicator_code="vehicles.fuel", before_start=D(2024, 1, 1),
            before_end=D(2024, 12, 31), after_start=D(2024, 6, 1), after_end=D(2024, 12, 31))
