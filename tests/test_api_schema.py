"""The OpenAPI schema builds with no warning (CI runs the same command)."""

import pytest
from django.core.management import call_command

RESOURCES = [
    "/api/v1/units/",
    "/api/v1/equipment-types/",
    "/api/v1/branches/",
    "/api/v1/usage-groups/",
    "/api/v1/grades/",
    "/api/v1/facilities/",
    "/api/v1/items/",
    "/api/v1/items/{id}/history/",
    "/api/v1/items/{id}/state/",
    "/api/v1/lots/",
    "/api/v1/balances/",
    "/api/v1/movements/",
    "/api/v1/movements/{id}/post/",
    "/api/v1/movements/{id}/reverse/",
    "/api/v1/reports/period/",
    "/api/v1/period-closes/",
    "/api/v1/authorized-strengths/",
]


def test_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text(encoding="utf-8")
    for path in RESOURCES:
        assert f"  {path}:" in schema, path


@pytest.mark.django_db
def test_schema_and_docs_are_served(client, django_user_model, settings):
    # Swagger UI's assets come from the sidecar package; tests run without collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200
