"""The lifecycle as a state machine: every legal step works and writes its audit row; every
illegal one is refused with a Vietnamese message and changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kythuat.audit.models import AuditEvent
from kythuat.initiatives import selectors, services
from kythuat.initiatives.models import Adoption, Award, Dossier, Initiative, Score
from kythuat.initiatives.services import MemberSpec

pytestmark = pytest.mark.django_db
D = dt.date


def test_register_records_authors_and_an_audit_row(org, register):
    initiative = register()
    assert initiative.status == Initiative.Status.REGISTERED
    assert initiative.search_text.startswith("cai tien gia do")
    assert [(a.name, a.is_main) for a in initiative.authors.all()] == [("Nguyễn Văn An", True)]
    assert AuditEvent.objects.filter(target_id=initiative.pk, action="created").exists()


def test_register_refuses_a_trial_after_registration(org, register):
    with pytest.raises(ValidationError) as error:
        register(first_applied_on=D(2024, 5, 1))
    assert "sau" in str(error.value) or "after" in str(error.value)
    assert not Initiative.objects.exists()


def test_register_outside_the_actor_subtree_is_denied(org, ref):
    with pytest.raises(PermissionDenied):
        services.initiative_register(
            actor=org.users["officer_b"], unit=org.province_a, field=ref.field, title="X",
            registered_on=D(2024, 1, 1), authors=[services.AuthorSpec("A")])


def test_the_whole_lifecycle_up_to_adoption(org, recognised, council_hq, ref):
    initiative = recognised.initiative
    assert (initiative.status, initiative.level.code) == ("recognised", "su-doan-tinh")
    assert recognised.dossier.score == Decimal("80.00")
    assert recognised.dossier.passed
    upper = services.dossier_send(actor=org.users["officer_a"], initiative=initiative,
                                  council=council_hq, sent_on=D(2024, 9, 1))
    services.score_submit(actor=org.users["officer_hq"], dossier=upper,
                          points={c.pk: c.max_points for c in ref.criteria})
    services.council_close(actor=org.users["officer_hq"], council=council_hq,
                           closed_on=D(2024, 10, 16))
    services.dossier_recognise(actor=org.users["officer_hq"], dossier=upper,
                               decision_date=D(2024, 10, 30), decision_number="120/QĐ-BTL")
    award = services.award_grant(actor=org.users["officer_hq"], dossier=upper,
                                 award_class=ref.class_one, decision_number="130/QĐ-BTL",
                                 decision_date=D(2024, 11, 5))
    assert award.amount_vnd == Decimal(6_000_000)
    adoption = services.adoption_record(actor=org.users["officer_b"], initiative=initiative,
                                        unit=org.province_b, adopted_on=D(2025, 1, 10))
    assert adoption.is_elsewhere
    initiative.refresh_from_db()
    assert (initiative.level.code, initiative.recognised_on) == ("quan-khu", D(2024, 4, 20))
    assert [step.state for step in selectors.timeline(initiative)].count("done") >= 7


def test_recognition_without_a_council_decision_is_refused(org, register, council_a, sheet):
    dossier = services.dossier_send(actor=None, initiative=register(), council=council_a,
                                    sent_on=D(2024, 3, 1))
    with pytest.raises(ValidationError, match=r"chưa|not closed"):
        services.dossier_recognise(actor=org.users["officer_a"], dossier=dossier,
                                   decision_date=D(2024, 4, 20), decision_number="1/QĐ")
    dossier.refresh_from_db()
    assert dossier.outcome == Dossier.Outcome.PENDING
    assert Initiative.objects.get().status == Initiative.Status.UNDER_REVIEW


def test_an_initiative_the_council_failed_cannot_be_recognised(org, register, council_a, sheet):
    dossier = services.dossier_send(actor=None, initiative=register(), council=council_a,
                                    sent_on=D(2024, 3, 1))
    for name in ("officer_a", "clerk_a"):
        services.score_submit(actor=org.users[name], dossier=dossier, points=sheet(0.3))
    services.council_close(actor=None, council=council_a, closed_on=D(2024, 4, 16))
    with pytest.raises(ValidationError):
        services.dossier_recognise(actor=None, dossier=dossier, decision_date=D(2024, 4, 20),
                                   decision_number="1/QĐ")
    with pytest.raises(ValidationError):
        services.dossier_refuse(actor=None, dossier=dossier, reason="  ")
    services.dossier_refuse(actor=None, dossier=dossier, reason="Chưa có tính mới")
    assert Initiative.objects.get().status == Initiative.Status.REFUSED
    with pytest.raises(ValidationError):  # a refused initiative goes no further
        services.dossier_send(actor=None, initiative=Initiative.objects.get(),
                              council=council_a, sent_on=D(2024, 5, 1))


def test_an_award_before_recognition_is_refused(org, register, council_a, ref):
    dossier = services.dossier_send(actor=None, initiative=register(), council=council_a,
                                    sent_on=D(2024, 3, 1))
    with pytest.raises(ValidationError, match=r"công nhận|recognised"):
        services.award_grant(actor=None, dossier=dossier, award_class=ref.class_one,
                             decision_number="2/QĐ", decision_date=D(2024, 5, 1))
    assert not Award.objects.exists()


def test_a_member_scoring_a_dossier_not_sent_to_his_council_is_refused(
        org, register, council_a, council_hq, sheet):
    dossier = services.dossier_send(actor=None, initiative=register(), council=council_a,
                                    sent_on=D(2024, 3, 1))
    with pytest.raises(PermissionDenied, match=r"hội đồng|council"):
        services.score_submit(actor=org.users["officer_hq"], dossier=dossier, points=sheet())
    with pytest.raises(PermissionDenied):  # not a member of any council
        services.score_submit(actor=org.users["officer_b"], dossier=dossier, points=sheet())
    assert not Score.objects.exists()


def test_a_score_outside_the_criterion_range_is_refused(org, register, council_a, ref):
    dossier = services.dossier_send(actor=None, initiative=register(), council=council_a,
                                    sent_on=D(2024, 3, 1))
    points = {c.pk: "10" for c in ref.criteria}
    for bad in ("41", "-1", "abc", "12.55"):
        points[ref.criteria[0].pk] = bad
        with pytest.raises(ValidationError, match="0"):
            services.score_submit(actor=org.users["clerk_a"], dossier=dossier, points=points)
    del points[ref.criteria[1].pk]
    points[ref.criteria[0].pk] = "20"
    with pytest.raises(ValidationError):  # a criterion missing
        services.score_submit(actor=org.users["clerk_a"], dossier=dossier, points=points)
    assert not Score.objects.exists()


def test_no_result_before_the_close_and_no_score_after(org, register, council_a, sheet):
    dossier = services.dossier_send(actor=None, initiative=register(), council=council_a,
                                    sent_on=D(2024, 3, 1))
    services.score_submit(actor=org.users["clerk_a"], dossier=dossier, points=sheet(0.9))
    services.score_submit(actor=org.users["viewer_a"], dossier=dossier, points=sheet(0.5))
    dossier.refresh_from_db()
    assert dossier.score is None
    assert dossier.passed is None
    own = selectors.sheets(council_a, org.users["clerk_a"])[dossier.pk]
    assert [s.member.user for s in own] == [org.users["clerk_a"]]
    assert selectors.sheets(council_a, org.users["officer_a"]) == {}  # not scored yet
    services.council_close(actor=org.users["officer_a"], council=council_a,
                           closed_on=D(2024, 4, 16))
    dossier.refresh_from_db()
    council_a.refresh_from_db()
    assert dossier.score == Decimal("70.00")
    assert dossier.passed
    assert len(selectors.sheets(council_a, org.users["officer_b"])[dossier.pk]) == 2
    with pytest.raises(ValidationError):
        services.score_submit(actor=org.users["officer_a"], dossier=dossier, points=sheet())


def test_a_council_closes_only_with_the_quorum(org, register, council_a, sheet):
    dossier = services.dossier_send(actor=None, initiative=register(), council=council_a,
                                    sent_on=D(2024, 3, 1))
    services.score_submit(actor=org.users["clerk_a"], dossier=dossier, points=sheet())
    with pytest.raises(ValidationError, match="2"):
        services.council_close(actor=None, council=council_a, closed_on=D(2024, 4, 16))
    council_a.refresh_from_db()
    assert council_a.is_open


def test_a_council_only_at_its_level_and_members_of_its_unit(org, ref):
    with pytest.raises(ValidationError):  # a province does not recognise at region level
        services.council_create(actor=None, unit=org.province_a, level=ref.region, year=2024,
                                convened_on=D(2024, 5, 1), quorum=1)
    with pytest.raises(ValidationError):
        services.council_create(actor=None, unit=org.province_a, level=ref.province, year=2024,
                                convened_on=D(2024, 5, 1), quorum=1,
                                members=[MemberSpec(user=org.users["officer_b"])])


def test_proposing_upwards_needs_a_higher_level(org, recognised, council_a):
    with pytest.raises(ValidationError):
        services.dossier_send(actor=None, initiative=recognised.initiative, council=council_a,
                              sent_on=D(2024, 5, 1))


def test_adoption_by_the_own_unit_is_not_applied_elsewhere_and_not_twice(org, recognised):
    initiative = recognised.initiative
    own = services.adoption_record(actor=None, initiative=initiative, unit=org.commune_a,
                                   adopted_on=D(2024, 6, 1))
    assert own.is_elsewhere is False
    with pytest.raises(ValidationError, match="Hữu Lũng"):
        services.adoption_record(actor=None, initiative=initiative, unit=org.commune_a,
                                 adopted_on=D(2024, 7, 1))
    assert Adoption.objects.count() == 1


def test_adoption_of_an_unrecognised_initiative_is_refused(org, register):
    with pytest.raises(ValidationError):
        services.adoption_record(actor=None, initiative=register(), unit=org.province_b,
                                 adopted_on=D(2024, 6, 1))


def test_the_decision_number_is_taken_once_from_the_register(org, register, council_a, sheet):
    from kythuat.documents import services as documents
    from kythuat.documents.models import FormatProfile, IssuedNumber

    documents.issuer_create(actor=None, unit=org.province_a,
                            profile=FormatProfile.objects.get(code="state"),
                            name="Bộ CHQS tỉnh Lạng Sơn", abbreviation="BCH", place="Lạng Sơn",
                            valid_from=D(2000, 1, 1))
    dossier = services.dossier_send(actor=None, initiative=register(), council=council_a,
                                    sent_on=D(2024, 3, 1))
    for name in ("officer_a", "clerk_a"):
        services.score_submit(actor=org.users[name], dossier=dossier, points=sheet())
    services.council_close(actor=None, council=council_a, closed_on=D(2024, 4, 16))
    services.dossier_recognise(actor=org.users["officer_a"], dossier=dossier,
                               decision_date=D(2024, 4, 20))
    dossier.refresh_from_db()
    assert dossier.decision_number == "01/QĐ-BCH"
    again = services.take_decision_number(actor=None, dossier=dossier, day=D(2024, 4, 21))
    assert again == "01/QĐ-BCH"
    assert IssuedNumber.objects.count() == 1


def test_update_only_while_registered(org, register, council_a):
    initiative = register()
    services.initiative_update(actor=org.users["clerk_a"], initiative=initiative,
                               data={"title": "Giá đỡ nòng súng cối"})
    services.dossier_send(actor=None, initiative=initiative, council=council_a,
                          sent_on=D(2024, 3, 1))
    with pytest.raises(ValidationError):
        services.initiative_update(actor=None, initiative=initiative, data={"title": "X"})
    assert Initiative.objects.get().title == "Giá đỡ nòng súng cối"
