"""This app's cases for tests/test_scoping_routes.py (see its docstring for the tables).

Directives are seen down and up: the tester (Cao Bằng) sees the region's directives, so the
outside records are a directive of Lạng Sơn (implementing the region's, which must not show it)
and its clause.
"""

import datetime as dt

from kythuat.directives.models import Clause, Directive, DirectiveKind
from kythuat.documents.models import FormatProfile

OBJECT: dict = {
    "directives:directive-detail": "directives_directive",
    "directives:directive-edit": "directives_directive",
    "directives:directive-status": "directives_directive",
    "directives:directive-cascade": "directives_directive",
    "directives:directive-file": "directives_directive",
    "directives:clause-create": "directives_directive",
    "directives:clause-edit": "directives_clause",
    "directives:clause-delete": "directives_clause",
    "directive-detail": "directives_directive",
    "directive-status": "directives_directive",
    "directive-cascade": "directives_directive",
    "directive-clause-detail": "directives_clause",
}
LIST: dict = {
    "directives:directive-list": {"q": "secret"},
    "directives:directive-export": None,
    "directive-list": None,
    "directive-clause-list": None,
    "directive-kind-list": None,
    "directive-kind-detail": "reference",
}
CREATE: dict = {
    "directives:directive-create": (Directive, lambda w: {
        "issuer": w["directives_issuer"].pk, "kind": DirectiveKind.objects.get(code="KH").pk,
        "number": "77", "issued_on": "05/01/2026", "title": "X"}),
    "directive-list": (Directive, lambda w: {
        "issuer": w["directives_issuer"].pk, "kind": DirectiveKind.objects.get(code="KH").pk,
        "number": 77, "issued_on": "2026-01-05", "title": "X",
        "implements": [w["directives_directive"].pk]}),
    "directive-clause-list": (Clause, lambda w: {
        "directive": w["directives_directive"].pk, "number": "9", "text": "X"}),
}
REFERENCE: set = set()


def extend_world(world: dict) -> None:
    from kythuat.directives import services
    from kythuat.documents import services as documents

    org = world["org"]
    party = FormatProfile.objects.get(code="party")
    term = {"term_start": dt.date(2025, 7, 1), "term_end": dt.date(2030, 6, 30)}
    region = documents.issuer_create(
        actor=None, unit=org.hq, profile=party, name="Đảng ủy Quân khu 1", abbreviation="ĐUQK",
        place="Thái Nguyên", valid_from=dt.date(2020, 1, 1), **term)
    issuer = documents.issuer_create(
        actor=None, unit=org.province_a, profile=party, name="SECRET-A Đảng ủy Quân sự tỉnh",
        abbreviation="ĐUQS", place="Lạng Sơn", valid_from=dt.date(2020, 1, 1), **term)
    kinds = {kind.code: kind for kind in DirectiveKind.objects.all()}
    resolution = services.directive_create(
        actor=None, issuer=region, kind=kinds["NQ"], number=1, issued_on=dt.date(2025, 9, 1),
        title="Về lãnh đạo công tác kỹ thuật")
    directive = services.directive_create(
        actor=None, issuer=issuer, kind=kinds["CTr"], number=3, issued_on=dt.date(2025, 10, 1),
        title="SECRET-A chương trình", summary="SECRET-A tóm tắt", implements=[resolution])
    world["directives_issuer"] = issuer
    world["directives_directive"] = directive
    world["directives_clause"] = services.clause_create(
        actor=None, directive=directive, number="1", text="SECRET-A nhiệm vụ")
