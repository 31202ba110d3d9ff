"""Certificates and their alerts, the establishment against the people, the indicators."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kythuat.indicators import registry
from kythuat.indicators.periods import Period
from kythuat.people import services
from kythuat.people.indicators import (
    certificates_expired_alert,
    certificates_expiring_alert,
)
from kythuat.people.models import Certificate, Establishment
from kythuat.people.selectors import staffing

pytestmark = pytest.mark.django_db
D = dt.date


def test_expiring_and_expired_certificates_feed_the_alerts(org, ref, person):
    today = timezone.localdate()
    a, b, c = person("A"), person("B"), person("C")
    services.certificate_add(actor=None, person=a, kind=ref.electrical, number="01",
                             issued_on=today - dt.timedelta(days=700),
                             valid_until=today + dt.timedelta(days=20))
    services.certificate_add(actor=None, person=b, kind=ref.electrical, number="02",
                             issued_on=today - dt.timedelta(days=800),
                             valid_until=today - dt.timedelta(days=5))
    services.certificate_add(actor=None, person=c, kind=ref.electrical, number="03",
                             issued_on=today - dt.timedelta(days=800),
                             valid_until=today - dt.timedelta(days=30))
    # C renewed: the old certificate no longer counts.
    services.certificate_add(actor=None, person=c, kind=ref.electrical, number="04",
                             issued_on=today - dt.timedelta(days=10),
                             valid_until=today + dt.timedelta(days=700))
    expiring = certificates_expiring_alert(org.hq)
    expired = certificates_expired_alert(org.hq)
    assert [x.count for x in expiring] == [1]
    assert [x.count for x in expired] == [1]
    assert "state=expired" in expired[0].url
    assert certificates_expired_alert(org.province_b) == []
    ref.electrical.warn_days = 10
    ref.electrical.save()
    assert certificates_expiring_alert(org.hq) == []


def test_a_certificate_cannot_expire_before_it_is_issued(ref, person):
    someone = person()
    with pytest.raises(ValidationError) as error:
        services.certificate_add(actor=None, person=someone, kind=ref.electrical, number="1",
                                 issued_on=D(2024, 1, 1), valid_until=D(2023, 1, 1))
    assert "valid_until" in error.value.message_dict
    assert not Certificate.objects.exists()


def test_establishment_counts_equal_the_people_counted(org, ref, person):
    day = D(2024, 1, 1)
    services.establishment_set(actor=None, unit=org.province_a, trade=ref.weapons, band="high",
                               required=3, valid_from=day)
    services.establishment_set(actor=None, unit=org.commune_a, trade=ref.weapons, band="low",
                               required=2, valid_from=day)
    person("P1", level=(ref.weapons, 5, D(2020, 1, 1)))  # high band of a 7-level ladder
    person("P2", level=(ref.weapons, 3, D(2020, 1, 1)))  # low band, in the province itself
    person("P3", unit=org.commune_a, level=(ref.weapons, 2, D(2020, 1, 1)))
    gone = person("P4", unit=org.commune_a, level=(ref.weapons, 1, D(2020, 1, 1)))
    services.person_leave(actor=None, person=gone, left_on=D(2024, 6, 1))
    result = staffing(org.province_a)
    rows = {(u.code, t.code, b): (c.required, c.actual) for u, t, b, c in result.rows()}
    assert rows == {("LS", "sua-chua-vu-khi", "high"): (3, 1),
                    ("LS-XA-01", "sua-chua-vu-khi", "low"): (2, 1)}
    total = result.rolled(org.province_a)
    assert (total.required, total.actual) == (5, 3)  # P2 counts, against no establishment
    trades, heat = result.heat_map()
    assert [t.code for t in trades] == ["sua-chua-vu-khi"]
    commune_line = next(line for line in heat if line[0] == org.commune_a)
    assert (commune_line[2].required, commune_line[2].actual) == (2, 1)
    assert commune_line[1][0].heat == "heat-mid"


def test_a_new_establishment_closes_the_previous_one(org, ref):
    services.establishment_set(actor=None, unit=org.province_a, trade=ref.weapons, band="low",
                               required=3, valid_from=D(2020, 1, 1))
    services.establishment_set(actor=None, unit=org.province_a, trade=ref.weapons, band="low",
                               required=5, valid_from=D(2024, 1, 1))
    rows = list(Establishment.objects.order_by("valid_from"))
    assert [(r.required, r.valid_to) for r in rows] == [(3, D(2023, 12, 31)), (5, None)]
    with pytest.raises(ValidationError):
        services.establishment_set(actor=None, unit=org.province_a, trade=ref.weapons,
                                   band="low", required=1, valid_from=D(2022, 1, 1))
    assert Establishment.objects.count() == 2


def test_indicators_count_the_records(org, ref, person, issuer_a):
    services.establishment_set(actor=None, unit=org.province_a, trade=ref.weapons, band="low",
                               required=4, valid_from=D(2020, 1, 1))
    a = person("A", level=(ref.weapons, 2, D(2021, 1, 1)))
    person("B", level=(ref.weapons, 3, D(2021, 1, 1)))
    person("C", unit=org.province_b, level=(ref.weapons, 3, D(2021, 1, 1)))
    session = services.session_create(actor=None, unit=org.province_a, name="Kỳ thi 2024",
                                      held_on=D(2024, 5, 1), trades=[ref.weapons])
    candidate = services.candidate_add(actor=None, session=session, person=a, trade=ref.weapons)
    services.candidate_mark(actor=None, candidate=candidate, theory_mark=8, practice_mark=8)
    services.session_decide(actor=None, session=session, decision_date=D(2024, 5, 20))
    year = Period(D(2024, 1, 1), D(2024, 12, 31))
    staff = registry.get("people.staff").records(org.province_a, year)
    assert staff.count() == 2
    assert registry.get("people.exams_held").records(org.province_a, year).count() == 1
    assert registry.get("people.exam_passed").records(org.province_a, year).count() == 1
    raised = registry.get("people.raised").records(org.province_a, year)
    assert [(r.person_id, r.level) for r in raised] == [(a.pk, 3)]
    counted = registry.get("people.establishment_counted").records(org.province_a, year)
    required = registry.get("people.establishment_required").records(org.province_a, year)
    assert counted.count() == 2
    assert sum(r.required for r in required) == 4
    levels = registry.get("people.skill_levels").records(org.hq, year)
    assert sorted(levels.values_list("band_key", flat=True)) == ["low", "low", "low"]
