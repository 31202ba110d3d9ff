"""A chosen id beyond what the database compares is an invalid choice, on every form."""

import pytest
from django import forms
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from kythuat.org.models import Unit

pytestmark = pytest.mark.django_db


class UnitsForm(forms.Form):
    one = forms.ModelChoiceField(queryset=Unit.objects.all(), required=False)
    many = forms.ModelMultipleChoiceField(queryset=Unit.objects.all(), required=False)


@pytest.mark.parametrize("field", ["one", "many"])
def test_an_id_too_large_for_the_database_is_an_invalid_choice(org, field):
    with translation.override("vi"):
        form = UnitsForm(MultiValueDict({field: [str(10**30)]}))
        assert not form.is_valid()
        assert form.errors[field][0].startswith("Hãy chọn")


def test_a_known_id_is_still_chosen(org):
    form = UnitsForm(MultiValueDict({"one": [str(org.hq.pk)], "many": [str(org.hq.pk)]}))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["one"] == org.hq

