"""Scoping cases of this app for tests/test_scoping_routes.py.

The outside records are a decision of Lạng Sơn (it dissolves the province's commune into the
province), its change and its successor rule."""

import datetime as dt

from kythuat.reorg import services
from kythuat.reorg.models import Change, Reorganisation, Succession

DECISION = "reorg_decision"
CHANGE = "reorg_change"
RULE = "reorg_rule"

OBJECT: dict = {
    "reorg:detail": DECISION,
    "reorg:change-add": DECISION,
    "reorg:succession-add": DECISION,
    "reorg:preview": DECISION,
    "reorg:announce": DECISION,
    "reorg:cancel": DECISION,
    "reorg:apply": DECISION,
    "reorg:change-delete": CHANGE,
    "reorg:succession-delete": RULE,
    "reorganisation-detail": DECISION,
    "reorganisation-changes": DECISION,
    "reorganisation-successors": DECISION,
    "reorganisation-preview": DECISION,
    "reorganisation-announce": DECISION,
    "reorganisation-cancel": DECISION,
    "reorganisation-apply": DECISION,
    "reorganisation-change-detail": CHANGE,
    "unit-history-detail": "unit",
}
LIST: dict = {
    "reorg:list": None,
    "reorganisation-list": None,
    "reorganisation-change-list": None,
    "unit-history-list": {"on": "2026-01-01"},
}


def _payload(world: dict, api: bool) -> dict:
    return {"issuer": world["unit"].pk, "number": "9/QĐ", "title": "x",
            "signed_on": "2026-01-05" if api else "05/01/2026",
            "effective_on": "2026-01-05" if api else "05/01/2026", "users": "move"}


CREATE: dict = {
    "reorg:create": (Reorganisation, lambda w: _payload(w, False)),
    "reorganisation-list": (Reorganisation, lambda w: _payload(w, True)),
}
REFERENCE: set = set()


def extend_world(world: dict) -> None:
    org = world["org"]
    decision = services.decision_create(
        actor=None, issuer=org.province_a, number="SECRET-A 1/QĐ", title="SECRET-A giải thể",
        signed_on=dt.date(2026, 1, 2), effective_on=dt.date(2026, 2, 1))
    change = services.change_add(actor=None, decision=decision, kind=Change.Kind.DISSOLVE,
                                 unit=org.commune_a, successor=org.province_a)
    world[DECISION] = decision
    world[CHANGE] = change
    world[RULE] = services.succession_add(actor=None, change=change,
                                          records=Succession.Records.PEOPLE,
                                          successor=org.province_a)
