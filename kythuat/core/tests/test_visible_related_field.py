"""A scoped id field of the API hides what its model does not scope, instead of letting any id
through (ADR 0006): reference data is declared shared, users get their own scope."""

from types import SimpleNamespace

from kythuat.org.models import Unit, UnitKind, User
from kythuat.org.querysets import users_visible_to


def _field(queryset, user, **kwargs):
    import config.urls  # noqa: F401  (loads DRF and the API in their usual order)
    from kythuat.core.api import VisibleRelatedField

    field = VisibleRelatedField(queryset, **kwargs)
    field.bind("value", None)
    field._context = {"request": SimpleNamespace(user=user)}
    return field


def test_a_model_without_scoping_shows_nothing_unless_declared_shared(org):
    clerk = org.users["clerk_a"]
    assert not _field(UnitKind.objects.all(), clerk).get_queryset().exists()
    shared = _field(UnitKind.objects.all(), clerk, shared=True).get_queryset()
    assert shared.count() == UnitKind.objects.count() > 0


def test_a_scoped_model_shows_the_callers_subtree_only(org):
    clerk = org.users["clerk_a"]  # Lạng Sơn
    units = set(_field(Unit.objects.all(), clerk).get_queryset())
    assert org.province_a in units
    assert org.province_b not in units


def test_users_are_named_within_the_callers_subtree(org):
    clerk = org.users["clerk_a"]
    seen = set(_field(User.objects.all(), clerk, scope=users_visible_to).get_queryset())
    assert clerk in seen
    assert all(user.unit.path.startswith(org.province_a.path) for user in seen)
    assert org.users["officer_b"] not in seen
