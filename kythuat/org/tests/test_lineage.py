"""The "down and up" scoping mode: a record of a unit is seen by that unit, the units below it
and the units above it, never by a sibling branch."""

import pytest

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.org.models import Unit
from kythuat.org.querysets import ancestor_paths

pytestmark = pytest.mark.django_db


def _event(unit: Unit) -> AuditEvent:
    return audit.record(actor=None, action=AuditEvent.Action.CREATED, target=unit, unit=unit,
                        note=f"record of {unit.code}")


def test_ancestor_paths_are_read_off_the_path(org):
    assert ancestor_paths(org.commune_a.path) == [org.hq.path, org.province_a.path,
                                                  org.commune_a.path]
    assert ancestor_paths(org.commune_a.path, include_self=False) == [org.hq.path,
                                                                      org.province_a.path]


def test_units_within_lineage_are_the_subtree_and_the_ancestors(org):
    codes = set(Unit.objects.within_lineage(org.province_a).values_list("code", flat=True))
    assert codes == {"QK1", "LS", "LS-XA-01"}
    codes = set(Unit.objects.within_lineage(org.commune_a).values_list("code", flat=True))
    assert codes == {"QK1", "LS", "LS-XA-01"}
    codes = set(Unit.objects.within_lineage(org.province_b).values_list("code", flat=True))
    assert codes == {"QK1", "CB"}


# A record of Lạng Sơn (province_a): who sees it down and up, and who sees it down only.
@pytest.mark.parametrize(("persona", "down_and_up", "down_only"), [
    ("officer_hq", True, True),  # above: supervises
    ("officer_a", True, True),  # the unit itself
    ("viewer_a", True, True),
    ("clerk_commune", True, False),  # below: the record is sent down to it
    ("officer_b", False, False),  # a sibling branch
    ("admin_b", False, False),
])
def test_down_and_up_visibility_matrix(org, persona, down_and_up, down_only):
    event = _event(org.province_a)
    user = org.users[persona]
    events = AuditEvent.objects.filter(pk=event.pk)
    assert events.visible_down_and_up(user).exists() is down_and_up
    assert events.visible_to(user).exists() is down_only


def test_down_and_up_for_a_commune_user_lists_its_chain_only(org):
    events = {unit.code: _event(unit) for unit in (org.hq, org.province_a, org.commune_a,
                                                    org.province_b)}
    seen = AuditEvent.objects.filter(pk__in=[e.pk for e in events.values()]).visible_down_and_up(
        org.users["clerk_commune"])
    assert {e.unit.code for e in seen} == {"QK1", "LS", "LS-XA-01"}


def test_superuser_sees_all_and_a_user_without_unit_nothing(org, django_user_model):
    event = _event(org.province_b)
    root = django_user_model.objects.create_superuser("root", password="x")
    lost = django_user_model.objects.create_user("lost", password="x")
    events = AuditEvent.objects.filter(pk=event.pk)
    assert events.visible_down_and_up(root).exists()
    assert not events.visible_down_and_up(lost).exists()
