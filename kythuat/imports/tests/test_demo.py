from io import StringIO

import pytest
from django.core.management import call_command

from kythuat.imports.models import Import

pytestmark = pytest.mark.django_db


def test_demo_has_a_checked_register_with_one_bad_row(monkeypatch):
    monkeypatch.setattr("kythuat.demo.extensions.APPS", ("imports",))
    out, err = StringIO(), StringIO()
    call_command("seed_demo", "--small", "--force", stdout=out, stderr=err)
    assert "Nhập dữ liệu: 1 tệp đã kiểm tra" in out.getvalue() + err.getvalue()
    imp = Import.objects.get()
    assert (imp.status, imp.unit.code, imp.error_count) == ("checked", "QK1-LS", 1)
    assert "K-999" in imp.errors[0]["messages"][0]
    assert imp.created_by.role == "clerk"
