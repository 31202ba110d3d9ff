import datetime as dt

import pytest

from kythuat.commendations import selectors, services
from kythuat.commendations.services import RecipientSpec
from kythuat.indicators import registry
from kythuat.indicators.periods import Period

from .conftest import form

pytestmark = pytest.mark.django_db
YEAR = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_counts_on_the_list_equal_the_indicator(org, issuers, decide):
    services.decision_issue(actor=None, decision=decide())
    services.decision_issue(actor=None, decision=decide(
        issuer=issuers.region, form=form("bang-khen"),
        recipients=[RecipientSpec(unit=org.province_a), RecipientSpec(unit=org.province_b)]))
    decide()  # a draft counts nowhere
    user = org.users["officer_hq"]
    listed = selectors.commendation_list(user=user, filters={"year": "2025"})
    value = registry.compute("commendations.recipients", org.hq, YEAR)
    assert value.total == listed.count() == 4
    by_form = {row.labels[0]: row.value for row in value.by("form")}
    assert {row.form: row.total for row in selectors.counts_by_form(listed)} == by_form
    by_kind = {row.key[0]: row.value for row in value.by("recipient_kind")}
    assert by_kind == {"collective": 3, "individual": 1}
    assert registry.compute("commendations.decisions", org.hq, YEAR).total == 2
    lang_son = registry.compute("commendations.recipients", org.province_a, YEAR).total
    assert lang_son == selectors.commendation_list(
        user=org.users["officer_a"], filters={"unit": str(org.province_a.pk)}).filter(
        unit__path__startswith=org.province_a.path).count() == 3
    assert registry.compute("commendations.recipients", org.hq,
                            Period.year(2024)).total == 0
