"""This app's cases for tests/test_scoping_routes.py (see its docstring for the tables).

The outside records are Lạng Sơn's: an initiative recognised by the province's council (its
dossier, scores and an adoption by a commune) and the council itself. The duplicate hints show
the titles of recognised initiatives army-wide by design, so their case asks for a title that
shares no word with the outside initiative's.
"""

import datetime as dt

from kythuat.initiatives.models import Council, Initiative, InitiativeField, RecognitionLevel

INITIATIVE = "initiatives_initiative"
DOSSIER = "initiatives_dossier"
COUNCIL = "initiatives_council"

OBJECT: dict = {
    "initiatives:initiative-detail": INITIATIVE,
    "initiatives:initiative-file": INITIATIVE,
    "initiatives:initiative-send": INITIATIVE,
    "initiatives:adoption-create": INITIATIVE,
    "initiatives:benefit-measure": INITIATIVE,
    "initiatives:dossier-decide": DOSSIER,
    "initiatives:dossier-award": DOSSIER,
    "initiatives:dossier-score": DOSSIER,
    "initiatives:dossier-decision": DOSSIER,
    "initiatives:council-detail": COUNCIL,
    "initiatives:council-member-add": COUNCIL,
    "initiatives:council-close": COUNCIL,
    "initiative-detail": INITIATIVE,
    "initiative-send": INITIATIVE,
    "initiative-adopt": INITIATIVE,
    "initiative-measure": INITIATIVE,
    "initiative-council-detail": COUNCIL,
    "initiative-council-members": COUNCIL,
    "initiative-council-close": COUNCIL,
    "initiative-dossier-detail": DOSSIER,
    "initiative-dossier-score": DOSSIER,
    "initiative-dossier-decide": DOSSIER,
    "initiative-dossier-award": DOSSIER,
    "initiative-adoption-detail": "initiatives_adoption",
}
LIST: dict = {
    "initiatives:initiative-list": {"unit": True, "q": "secret"},
    "initiatives:initiative-export": {"unit": True},
    "initiatives:initiative-duplicates": {"title": "giá đỡ kiểm tra nòng súng cối"},
    "initiatives:council-list": None,
    "initiative-list": None,
    "initiative-duplicates": {"title": "giá đỡ kiểm tra nòng súng cối"},
    "initiative-council-list": None,
    "initiative-dossier-list": None,
    "initiative-adoption-list": None,
    "initiative-field-list": None,
    "initiative-field-detail": "reference",
    "initiative-level-list": None,
    "initiative-level-detail": "reference",
    "initiative-award-class-list": None,
    "initiative-award-class-detail": "reference",
    "initiative-criterion-list": None,
    "initiative-criterion-detail": "reference",
}


def _initiative_payload(world: dict, api: bool) -> dict:
    field = InitiativeField.objects.get(code="quan-khi").pk
    if api:
        return {"title": "X", "field": field, "unit": world["unit"].pk,
                "registered_on": "2026-01-05", "authors": [{"name": "A"}]}
    return {"title": "X", "field": field, "unit": world["unit"].pk,
            "registered_on": "05/01/2026", "main_author": "A"}


def _council_payload(world: dict, api: bool) -> dict:
    level = RecognitionLevel.objects.get(code="su-doan-tinh").pk
    return {"unit": world["unit"].pk, "level": level, "year": 2026, "session": 5,
            "convened_on": "2026-01-05" if api else "05/01/2026", "quorum": 1}


CREATE: dict = {
    "initiatives:initiative-create": (Initiative, lambda w: _initiative_payload(w, False)),
    "initiative-list": (Initiative, lambda w: _initiative_payload(w, True)),
    "initiatives:council-create": (Council, lambda w: _council_payload(w, False)),
    "initiative-council-list": (Council, lambda w: _council_payload(w, True)),
}
REFERENCE: set = set()


def extend_world(world: dict) -> None:
    from kythuat.initiatives import services
    from kythuat.initiatives.models import ScoringCriterion

    org = world["org"]
    day = dt.date(2025, 3, 1)
    initiative = services.initiative_register(
        actor=None, unit=org.province_a, field=InitiativeField.objects.get(code="xe-may"),
        title="SECRET-A thiết bị nạp điện ắc quy", registered_on=day, benefit_vnd=1000,
        problem="SECRET-A vấn đề", authors=[services.AuthorSpec("SECRET-A tác giả")])
    council = services.council_create(
        actor=None, unit=org.province_a, level=RecognitionLevel.objects.get(code="su-doan-tinh"),
        year=2025, convened_on=dt.date(2025, 4, 1), quorum=1, name="SECRET-A hội đồng",
        members=[services.MemberSpec(name="SECRET-A thành viên", user=org.users["officer_a"])])
    dossier = services.dossier_send(actor=None, initiative=initiative, council=council,
                                    sent_on=day)
    services.score_submit(actor=None, dossier=dossier, member=council.members.get(),
                          points={c: c.max_points for c in ScoringCriterion.objects.all()})
    services.council_close(actor=None, council=council, closed_on=dt.date(2025, 4, 2))
    services.dossier_recognise(actor=None, dossier=dossier, decision_date=dt.date(2025, 4, 5),
                               decision_number="SECRET-A 5/QĐ")
    world[INITIATIVE] = initiative
    world[DOSSIER] = dossier
    world[COUNCIL] = council
    world["initiatives_adoption"] = services.adoption_record(
        actor=None, initiative=initiative, unit=org.commune_a, adopted_on=dt.date(2025, 6, 1))
