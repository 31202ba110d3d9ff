"""This app's cases for tests/test_scoping_routes.py (see its docstring for the tables).

The outside records are Lạng Sơn's: a person serving in the province (with an assignment, a
level, a certificate), an exam session with that person as a candidate, and an establishment
figure of the province."""

import datetime as dt

from kythuat.people.models import Certificate, Establishment, ExamSession, Person

PERSON = "people_person"
SESSION = "people_session"
CANDIDATE = "people_candidate"
CERTIFICATE = "people_certificate"
ESTABLISHMENT = "people_establishment"

OBJECT: dict = {
    "people:person-detail": PERSON,
    "people:person-edit": PERSON,
    "people:person-move": PERSON,
    "people:person-leave": PERSON,
    "people:level-grant": PERSON,
    "people:certificate-add": PERSON,
    "people:exam-detail": SESSION,
    "people:candidate-add": SESSION,
    "people:exam-marks": SESSION,
    "people:exam-decide": SESSION,
    "people:exam-decision": SESSION,
    "people:candidate-override": CANDIDATE,
    "person-detail": PERSON,
    "person-move": PERSON,
    "person-leave": PERSON,
    "person-grant": PERSON,
    "person-raise-level": PERSON,
    "person-certificate-detail": CERTIFICATE,
    "skill-exam-detail": SESSION,
    "skill-exam-candidates": SESSION,
    "skill-exam-admit": SESSION,
    "skill-exam-marks": SESSION,
    "skill-exam-decide": SESSION,
    "staff-establishment-detail": ESTABLISHMENT,
}
LIST: dict = {
    "people:person-list": {"unit": True, "q": "secret"},
    "people:person-export": {"unit": True},
    "people:exam-list": {"unit": True},
    "people:certificate-list": {"unit": True},
    "people:certificate-export": {"unit": True},
    "people:establishment": {"unit": True},
    "people:establishment-export": {"unit": True},
    "person-list": None,
    "person-certificate-list": None,
    "skill-exam-list": None,
    "staff-establishment-list": None,
    "staff-establishment-staffing": {"unit": True},
}


def _category() -> int:
    from kythuat.people.models import PersonCategory

    return PersonCategory.objects.get(code="qncn").pk


def _trade() -> int:
    from kythuat.people.models import Trade

    return Trade.objects.get(code="sua-chua-vu-khi").pk


CREATE: dict = {
    "people:person-create": (Person, lambda w: {
        "full_name": "X", "category": _category(), "unit": w["unit"].pk,
        "started_on": "05/01/2026"}),
    "person-list": (Person, lambda w: {
        "full_name": "X", "category": _category(), "unit": w["unit"].pk,
        "started_on": "2026-01-05"}),
    "people:exam-create": (ExamSession, lambda w: {
        "unit": w["unit"].pk, "name": "X", "held_on": "05/01/2026", "trades": [_trade()]}),
    "skill-exam-list": (ExamSession, lambda w: {
        "unit": w["unit"].pk, "name": "X", "held_on": "2026-01-05", "trades": [_trade()],
        "committee": [w[PERSON].pk]}),
    "people:establishment-set": (Establishment, lambda w: {
        "unit": w["unit"].pk, "trade": _trade(), "band": "low", "required": 3,
        "valid_from": "05/01/2026"}),
    "staff-establishment-list": (Establishment, lambda w: {
        "unit": w["unit"].pk, "trade": _trade(), "band": "low", "required": 3,
        "valid_from": "2026-01-05"}),
    "person-certificate-list": (Certificate, lambda w: {
        "person": w[PERSON].pk, "kind": 1, "number": "X", "issued_on": "2026-01-05"}),
}
REFERENCE: set = set()


def extend_world(world: dict) -> None:
    from kythuat.people import services
    from kythuat.people.models import CertificateKind, PersonCategory, Trade

    org = world["org"]
    trade = Trade.objects.get(code="sua-chua-vu-khi")
    person = services.person_create(
        actor=None, unit=org.province_a, full_name="SECRET-A Nguyễn Văn Mật",
        category=PersonCategory.objects.get(code="qncn"), started_on=dt.date(2015, 3, 1),
        rank="Thiếu tá QNCN", position="SECRET-A thợ trưởng", order_number="SECRET-A 12/QĐ")
    services.skill_level_grant(actor=None, person=person, trade=trade, level=3,
                               started_on=dt.date(2018, 1, 1), evidence="SECRET-A QĐ 1")
    world[CERTIFICATE] = services.certificate_add(
        actor=None, person=person, kind=CertificateKind.objects.get(code="an-toan-dien"),
        number="SECRET-A-CC", issued_on=dt.date(2024, 1, 1), valid_until=dt.date(2026, 1, 1))
    session = services.session_create(actor=None, unit=org.province_a,
                                      name="SECRET-A kỳ thi nâng bậc",
                                      held_on=dt.date(2025, 5, 1), trades=[trade],
                                      committee=[person])
    world[CANDIDATE] = services.candidate_add(actor=None, session=session, person=person,
                                              trade=trade)
    world[PERSON] = person
    world[SESSION] = session
    world[ESTABLISHMENT] = services.establishment_set(
        actor=None, unit=org.province_a, trade=trade, band="high", required=4,
        valid_from=dt.date(2020, 1, 1), decision_ref="SECRET-A biên chế")
