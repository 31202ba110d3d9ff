"""This app's cases for tests/test_scoping_routes.py (see its docstring for the tables).

`extend_world(world)` adds this app's records of Lạng Sơn (outside the tester's subtree) to the
shared `world` dict; OBJECT values are keys of that dict.
"""

import datetime as dt
from decimal import Decimal

from kythuat.documents.models import DocumentType, FormatProfile, IssuedNumber, Issuer

OBJECT: dict = {
    "documents:issuer-detail": "documents_issuer",
    "documents:issuer-edit": "documents_issuer",
    "documents:issuer-rename": "documents_issuer",
    "documents:movement-handover": "documents_transfer",
    "documents:movement-slip": "documents_transfer",
    "documents-issuer-detail": "documents_issuer",
    "documents-number-detail": "documents_number",
}
LIST: dict = {
    "documents:register": {"unit": True, "q": "SECRET"},
    "documents:register-export": {"unit": True},
    "documents:issuer-list": {"unit": True},
    "documents:issuer-export": {"unit": True},
    "documents:number-issue": None,
    "documents:report": {"unit": True},
    "documents:profile-list": None,
    "documents:profile-detail": "reference",
    "documents:type-list": None,
    "documents-issuer-list": None,
    "documents-number-list": None,
}
CREATE: dict = {
    "documents:issuer-create": (Issuer, lambda w: {
        "unit": w["unit"].pk, "profile": FormatProfile.objects.get(code="state").pk,
        "name": "X", "abbreviation": "X", "place": "X", "valid_from": "01/01/2026"}),
    "documents:number-issue": (IssuedNumber, lambda w: {
        "issuer": w["documents_issuer"].pk,
        "document_type": DocumentType.objects.get(code="BC").pk, "date": "05/01/2026",
        "subject": "X"}),
    "documents:report": (IssuedNumber, lambda w: {
        "unit": w["unit"].pk, "issuer": w["documents_issuer"].pk, "start": "01/01/2026",
        "end": "31/01/2026", "date": "05/02/2026", "issue_number": "on"}),
    "documents-issuer-list": (Issuer, lambda w: {
        "unit": w["unit"].pk, "profile": "state", "name": "X", "abbreviation": "X",
        "place": "X", "valid_from": "2026-01-01"}),
    "documents-number-list": (IssuedNumber, lambda w: {
        "issuer": w["documents_issuer"].pk, "document_type": "BC", "date": "2026-01-05",
        "subject": "X"}),
}
REFERENCE: set = {"documents:profile-edit", "documents:type-create", "documents:type-edit"}


def extend_world(world: dict) -> None:
    from kythuat.documents import services
    from kythuat.holdings import services as holdings
    from kythuat.holdings.services import LineSpec

    org = world["org"]
    issuer = services.issuer_create(
        actor=None, unit=world["unit"], profile=FormatProfile.objects.get(code="state"),
        name="SECRET-A Bộ CHQS tỉnh", abbreviation="SECRETA", parent_name="Quân khu 1",
        place="Lạng Sơn", valid_from=dt.date(2020, 1, 1))
    world["documents_issuer"] = issuer
    world["documents_number"] = services.number_issue(
        actor=None, issuer=issuer, document_type=DocumentType.objects.get(code="BC"),
        date=dt.date(2026, 1, 5), subject="SECRET-A báo cáo")
    org.bulk(world["unit"], org.fuel, 100, day=dt.date(2026, 1, 10))
    transfer = holdings.movement_create(
        actor=None, kind="issue", from_unit=world["unit"], to_unit=org.commune_a,
        effective_date=dt.date(2026, 1, 11), reason="SECRET-A cấp phát",
        lines=[LineSpec(type=org.fuel, quantity=Decimal(10), grade=1, usage_group=org.sscd)])
    world["documents_transfer"] = holdings.movement_post(actor=None, movement=transfer)
