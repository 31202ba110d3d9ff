"""The paper forms of posted documents (slips and handover records), the issuer defaults of
generated documents (place in the date line, the usual signer) and the register's summary
line. Printed words are compared with the catalogue's Vietnamese (computed here with gettext,
so the test holds before the catalogue is compiled); figures with what the test put in."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from docx import Document

from kythuat.core.text import file_slug
from kythuat.documents import services
from kythuat.documents.compose import render_docx
from kythuat.documents.generators import report_subject
from kythuat.documents.models import IssuedNumber
from kythuat.documents.movement_prints import handover_record, movement_slip
from kythuat.documents.selectors import default_signer, letterhead
from kythuat.holdings import services as holdings
from kythuat.holdings.models import Item
from kythuat.holdings.services import LineSpec

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 2, 3)


def vi(text: str, **params) -> str:
    with translation.override("vi"):
        message = gettext(text)
    return message % params if params else message


def _docx(response) -> Document:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return Document(io.BytesIO(b"".join(response.streaming_content)))


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _lines_table(document):
    header = vi("Name of the equipment")
    return next([[c.text for c in row.cells] for row in t.rows] for t in document.tables
                if len(t.rows[0].cells) > 2 and t.rows[0].cells[1].text == header)


@pytest.fixture
def mixed_receipt(org, command):
    """Two rifles (khẩu) and 500 rounds (viên) received by Lạng Sơn, posted."""
    draft = holdings.movement_create(
        actor=org.users["clerk_a"], kind="receipt", source="higher_level",
        to_unit=org.province_a, to_facility=org.depot_a, effective_date=DAY,
        decision_ref="Quyết định số 12/QĐ-BCH", reason="Nhận bổ sung",
        lines=[LineSpec(type=org.rifle, serial=serial, grade=1, usage_group=org.sscd)
               for serial in ("AK-1", "AK-2")]
        + [LineSpec(type=org.ammo, quantity=Decimal(500), grade=2, usage_group=org.sscd,
                    lot_number="L-9")])
    return holdings.movement_post(actor=org.users["officer_a"], movement=draft)


def test_receipt_slip_has_number_place_totals_per_unit_and_four_signatures(
        client, org, mixed_receipt):
    client.force_login(org.users["clerk_a"])
    detail = client.get(mixed_receipt.get_absolute_url()).content.decode()
    slip_url = reverse("documents:movement-slip", args=[mixed_receipt.pk])
    assert slip_url in detail
    assert reverse("documents:movement-handover", args=[mixed_receipt.pk]) in detail
    response = client.get(slip_url)
    # "00001/PN-2026" → "…-00001-pn-2026.docx": the number stays readable in the file name.
    assert file_slug(mixed_receipt.number.replace("/", " ")) in response["Content-Disposition"]
    assert "/" not in response["Content-Disposition"]
    document = _docx(response)
    text = _all_text(document)
    assert vi("Warehouse receipt slip").upper() in text
    header = document.tables[0]
    assert mixed_receipt.number in header.cell(1, 0).text
    assert header.cell(1, 1).text == "Lạng Sơn, ngày 03 tháng 02 năm 2026"
    rows = _lines_table(document)
    assert [row[3] for row in rows[1:4]] == ["AK-1", "AK-2", "L-9"]
    totals = {row[4]: row[5] for row in rows if row[1].startswith(
        vi("Total (%(uom)s)", uom="").split("(")[0])}
    assert totals == {"khẩu": "2", "viên": "500"}  # never 502
    assert "502" not in text
    assert "Quyết định số 12/QĐ-BCH" in text
    signatures = [cell.text for cell in document.tables[-1].rows[0].cells]
    assert len(signatures) == 4
    for index, title in enumerate(("Prepared by", "Deliverer", "Storekeeper",
                                   "Commander of the unit")):
        assert signatures[index].startswith(vi(title).upper())
    assert "clerk_a" in signatures[0]  # the clerk who prepared it
    assert "officer_a" in signatures[3]  # the officer who posted it


def test_receipt_has_a_handover_record_with_totals(client, org, mixed_receipt):
    client.force_login(org.users["officer_a"])
    document = _docx(client.get(reverse("documents:movement-handover",
                                        args=[mixed_receipt.pk])))
    text = _all_text(document)
    assert vi("Record (document title)").upper() in text
    assert mixed_receipt.number in text
    assert "Bộ CHQS tỉnh Lạng Sơn" in text
    assert "Kho K19" in text  # where the handover took place
    rows = _lines_table(document)
    assert {row[4]: row[5] for row in rows[-2:]} == {"khẩu": "2", "viên": "500"}


def test_issue_and_transfer_print_their_own_slips(org, command):
    org.rifles(org.province_a, "A-1", "A-2", day=dt.date(2026, 1, 10))
    issue = holdings.movement_post(actor=None, movement=holdings.movement_create(
        actor=None, kind="issue", from_unit=org.province_a, to_unit=org.commune_a,
        effective_date=DAY, lines=[LineSpec(type=org.rifle, item=Item.objects.get(serial="A-1"),
                                            grade=1, usage_group=org.sscd)]))
    transfer = holdings.movement_post(actor=None, movement=holdings.movement_create(
        actor=None, kind="transfer", from_unit=org.province_a, to_unit=org.province_b,
        effective_date=DAY, lines=[LineSpec(type=org.rifle, item=Item.objects.get(serial="A-2"),
                                            grade=1, usage_group=org.sscd)]))
    for movement, title in ((issue, "Warehouse issue slip"), (transfer, "Transfer slip")):
        document = Document(io.BytesIO(render_docx(movement_slip(movement))))
        text = _all_text(document)
        assert vi(title).upper() in text
        assert movement.number in text
        signatures = [cell.text for cell in document.tables[-1].rows[0].cells]
        assert signatures[1].startswith(vi("Receiver").upper())
        handover = _all_text(Document(io.BytesIO(render_docx(handover_record(movement)))))
        assert movement.to_unit.name in handover


def test_drafts_and_restatements_print_nothing(client, org, command):
    org.rifles(org.province_a, "A-1", day=dt.date(2026, 1, 10))
    item = Item.objects.get(serial="A-1")
    regrade = holdings.movement_post(actor=None, movement=holdings.movement_create(
        actor=None, kind="grade_change", from_unit=org.province_a, effective_date=DAY,
        lines=[LineSpec(type=org.rifle, item=item, grade=1, grade_to=2,
                        usage_group=org.sscd)]))
    draft = holdings.movement_create(
        actor=None, kind="receipt", source="factory", to_unit=org.province_a,
        effective_date=DAY, lines=[LineSpec(type=org.fuel, quantity=Decimal(5), grade=1,
                                            usage_group=org.sscd)])
    client.force_login(org.users["officer_a"])
    for movement in (regrade, draft):
        for name in ("documents:movement-slip", "documents:movement-handover"):
            assert client.get(reverse(name, args=[movement.pk])).status_code == 404
    assert 'id="slip-docx"' not in client.get(draft.get_absolute_url()).content.decode()


def test_reversal_reason_is_printed_on_both_slips(org, command):
    receipt = org.bulk(org.province_a, org.fuel, 70, day=DAY)
    reversal = holdings.movement_reverse(actor=org.users["officer_a"], movement=receipt,
                                         effective_date=DAY, reason="Nhập nhầm số lượng")
    for movement in (receipt, reversal):
        text = _all_text(Document(io.BytesIO(render_docx(movement_slip(movement)))))
        assert "Nhập nhầm số lượng" in text
        assert receipt.number in text
        assert reversal.number in text


# Issuer defaults ---------------------------------------------------------------------------

def test_date_line_names_a_place_for_a_unit_whose_issuer_is_of_the_other_profile(org, party):
    services.issuer_create(
        actor=None, unit=org.hq, profile=party, name="Đảng uỷ Quân khu 1", abbreviation="ĐUQK",
        parent_name="Quân uỷ Trung ương", place="Thái Nguyên", valid_from=dt.date(2020, 1, 1),
        term_start=dt.date(2025, 7, 1), term_end=dt.date(2030, 6, 30))
    head = letterhead(org.hq, DAY)  # the state letterhead: no state issuer yet
    assert head.issuer is None
    assert head.place == "Thái Nguyên"


def test_usual_signer_follows_the_kind_of_the_issuing_unit(org, command, committee):
    assert default_signer(org.hq, letterhead(org.hq, DAY)).office == "Bộ Tư lệnh"
    assert default_signer(org.hq, letterhead(org.hq, DAY)).title == "Tư lệnh"
    province = default_signer(org.province_a, letterhead(org.province_a, DAY))
    assert (province.prefix, province.office, province.title) == (
        "TM.", "Bộ Chỉ huy", "Chỉ huy trưởng")
    party_head = letterhead(org.province_a, DAY, profile="party")
    assert default_signer(org.province_a, party_head).title == "Bí thư"


def test_military_region_report_is_signed_by_its_command_with_its_place(client, org, state):
    issuer = services.issuer_create(
        actor=None, unit=org.hq, profile=state, name="Bộ Tư lệnh Quân khu 1", abbreviation="BTL",
        parent_name="Bộ Quốc phòng", place="Thái Nguyên", valid_from=dt.date(2020, 1, 1))
    client.force_login(org.users["officer_hq"])
    response = client.post(reverse("documents:report"), {
        "unit": org.hq.pk, "start": "01/01/2026", "end": "30/11/2026", "date": "07/12/2026",
        "issue_number": "on", "sign_prefix": "auto", "sign_office": "", "sign_title": "",
        "sign_name": "Trung tướng Nguyễn Văn B"})
    document = _docx(response)
    header = document.tables[0]
    assert header.cell(1, 1).text == "Thái Nguyên, ngày 07 tháng 12 năm 2026"
    signature = document.tables[-1].rows[0].cells[1].text
    assert "TM. BỘ TƯ LỆNH" in signature
    assert "BỘ CHỈ HUY" not in signature
    # The register holds the summary line the document prints.
    issued = IssuedNumber.objects.get(issuer=issuer)
    subject = report_subject("", dt.date(2026, 1, 1), dt.date(2026, 11, 30))
    assert issued.subject == subject
    assert subject in [p.text for p in document.paragraphs]
