"""Numbers are ASCII digits with an optional sign and decimal part, on screens (with the
Vietnamese comma) and in the API (issue 15, item 8b)."""

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation
from rest_framework import serializers

from kythuat.core import api
from kythuat.holdings.models import Movement

pytestmark = pytest.mark.django_db

ODD = ["1e3", "1E3", "١٢٣", "۱۲۳", "１２３", "1_000", "Infinity", "NaN", "0x10", "१२"]


@pytest.mark.parametrize("text", ODD)
def test_forms_refuse_numbers_not_written_with_plain_digits(text):
    field = forms.DecimalField(max_digits=18, decimal_places=3, localize=True)
    with translation.override("vi"):
        with pytest.raises(forms.ValidationError) as error:
            field.clean(text)
        assert "nhập một số" in error.value.messages[0].lower()
    with pytest.raises(forms.ValidationError):
        forms.IntegerField().clean(text)


@pytest.mark.parametrize(("text", "value"), [("12,5", Decimal("12.5")), ("1.250,5",
                                             Decimal("1250.5")), ("-3", Decimal(-3)),
                                            (" 7 ", Decimal(7))])
def test_forms_take_vietnamese_decimals(text, value):
    field = forms.DecimalField(max_digits=18, decimal_places=3, localize=True)
    with translation.override("vi"):
        assert field.clean(text) == value


@pytest.mark.parametrize("text", ODD)
def test_api_fields_refuse_numbers_not_written_with_plain_digits(text):
    with translation.override("vi"), pytest.raises(serializers.ValidationError):
        api.QuantityField().run_validation(text)
    with pytest.raises(serializers.ValidationError):
        serializers.IntegerField().run_validation(text)


def test_api_fields_take_plain_numbers_and_json_numbers():
    assert api.QuantityField().run_validation("12.5") == Decimal("12.5")
    assert api.QuantityField().run_validation(12) == Decimal(12)
    assert serializers.IntegerField().run_validation("42") == 42


def test_a_receipt_of_1e3_through_the_api_is_refused(client, org):
    client.force_login(org.users["clerk_a"])
    response = client.post("/api/v1/movements/", {
        "kind": "receipt", "source": "higher_level", "to_unit": org.province_a.pk,
        "effective_date": "2026-01-10",
        "lines": [{"type": org.fuel.pk, "quantity": "1e3", "grade": 1,
                   "usage_group": org.sscd.pk}]},
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert not Movement.objects.exists()
