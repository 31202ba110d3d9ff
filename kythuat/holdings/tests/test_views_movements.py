import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from pytest_django.asserts import assertTemplateNotUsed, assertTemplateUsed

from kythuat.holdings import services
from kythuat.holdings.models import Balance, Item, Movement
from kythuat.holdings.movement_forms import BadInput, parse_decimal
from kythuat.holdings.services import LineSpec

pytestmark = pytest.mark.django_db
DAY = "01/03/2026"
DATE_ERROR = "Enter the date as dd/mm/yyyy, for example 31/12/2026."


def shown(text: str, **params) -> str:
    """A message as the page shows it: in Vietnamese (the default language), HTML-escaped."""
    with translation.override("vi"):
        message = gettext(text)
        return escape(message % params if params else message)


def line_message(number: int, text: str, **params) -> str:
    with translation.override("vi"):
        inner = gettext(text) % params if params else gettext(text)
        return escape(gettext("Line %(number)s: %(message)s") % {"number": number,
                                                                  "message": inner})


def on_hand(unit, etype) -> Decimal:
    return sum((b.quantity for b in Balance.objects.filter(unit=unit, type=etype)), Decimal(0))


def rifle(org, serial: str, **extra) -> dict:
    return {"type": org.rifle.pk, "serial": serial, "manufactured_year": "1985", "grade": "1",
            "usage_group": org.sscd.pk, **extra}


def fuel(org, quantity: str) -> dict:
    return {"type": org.fuel.pk, "quantity": quantity, "grade": "1", "usage_group": org.sscd.pk}


def form_data(*lines: dict, **header) -> dict:
    data = {"effective_date": DAY, "reason": "Nhận theo lệnh", "decision_ref": "", "note": "",
            **header}
    for index, line in enumerate(lines):
        data.update({f"lines-{index}-{name}": value for name, value in line.items()})
    return data


def receipt(org, *lines: dict, **header) -> dict:
    return form_data(*lines, **{"to_unit": org.province_a.pk, "source": "higher_level",
                                **header})


def create(client, kind: str, data: dict):
    return client.post(reverse("holdings:movement-create") + f"?kind={kind}", data)


def draft_receipt(org, *serials: str) -> Movement:
    return services.movement_create(
        actor=org.users["clerk_a"], kind="receipt", source="higher_level",
        to_unit=org.province_a, effective_date=dt.date(2026, 3, 1),
        lines=[LineSpec(type=org.rifle, serial=s, grade=1, usage_group=org.sscd)
               for s in serials])


# Drafting through the form ------------------------------------------------------------------

def test_clerk_creates_receipt_draft_with_two_serial_lines(client, org):
    client.force_login(org.users["clerk_a"])
    response = create(client, "receipt", receipt(org, rifle(org, "AK-101"),
                                                  rifle(org, "AK-102")))
    movement = Movement.objects.get()
    assert response.status_code == 302
    assert response.url == movement.get_absolute_url()
    assert movement.status == Movement.Status.DRAFT
    assert movement.number == ""
    assert movement.effective_date == dt.date(2026, 3, 1)
    assert sorted(movement.lines.values_list("serial", flat=True)) == ["AK-101", "AK-102"]
    assert movement.created_by == org.users["clerk_a"]
    assert on_hand(org.province_a, org.rifle) == 0
    assert not Item.objects.exists()


def test_form_shows_header_fields_for_the_kind(client, org):
    client.force_login(org.users["clerk_a"])
    page = client.get(reverse("holdings:movement-create") + "?kind=transfer").content.decode()
    assert 'name="from_unit"' in page
    assert 'name="to_unit"' in page
    assert 'name="source"' not in page
    assert 'name="lines-0-type"' in page
    page = client.get(reverse("holdings:movement-create") + "?kind=receipt").content.decode()
    assert 'name="from_unit"' not in page
    assert 'name="source"' in page


def test_viewer_cannot_open_the_form(client, org):
    client.force_login(org.users["viewer_a"])
    response = client.get(reverse("holdings:movement-create") + "?kind=receipt")
    assert response.status_code == 403


def test_lenient_numbers_are_accepted(client, org):
    client.force_login(org.users["clerk_a"])
    create(client, "receipt", receipt(org, fuel(org, "1.234,5")))
    assert Movement.objects.get().lines.get().quantity == Decimal("1234.5")


@pytest.mark.parametrize(("text", "value"), [
    ("1.234,5", "1234.5"), ("1234.5", "1234.5"), ("1234,5", "1234.5"), ("1,234.5", "1234.5"),
    ("1.234", "1234"), ("12", "12"), ("1.234.567", "1234567"), ("-5", "-5"),
])
def test_parse_decimal_reads_vietnamese_and_plain_numbers(text, value):
    with translation.override("vi"):
        assert parse_decimal(text) == Decimal(value)


@pytest.mark.parametrize("text", ["12,3,4", "1.2.3", "abc", "1,2.3,4", ",5", "1."])
def test_parse_decimal_refuses_malformed_numbers(text):
    with translation.override("vi"), pytest.raises(BadInput):
        parse_decimal(text)


def test_bad_date_is_reported_and_nothing_is_created(client, org):
    client.force_login(org.users["clerk_a"])
    response = create(client, "receipt", receipt(org, rifle(org, "AK-101"),
                                                  effective_date="32/13/2026"))
    assert response.status_code == 200
    assert shown(DATE_ERROR) in response.content.decode()
    assert 'value="AK-101"' in response.content.decode()  # the form is kept as typed
    assert not Movement.objects.exists()


@pytest.mark.parametrize(("quantity", "expected"), [
    ("0", ("the quantity must be greater than 0.", {})),
    ("-5", ("the quantity must be greater than 0.", {})),
    ("12,3,4", ("“%(value)s” is not a number; write it like 1.234,5 or 1234.5.",
                {"value": "12,3,4"})),
])
def test_bad_quantity_is_reported_per_line(client, org, quantity, expected):
    client.force_login(org.users["clerk_a"])
    response = create(client, "receipt", receipt(org, fuel(org, "10"), fuel(org, quantity)))
    assert response.status_code == 200
    assert line_message(2, expected[0], **expected[1]) in response.content.decode()
    assert f'value="{quantity}"' in response.content.decode()
    assert not Movement.objects.exists()


def test_serial_already_registered_is_reported(client, org):
    org.rifles(org.province_b, "AK-001")  # held outside the clerk's subtree
    client.force_login(org.users["clerk_a"])
    response = create(client, "receipt", receipt(org, rifle(org, "AK-001")))
    message = line_message(1, "serial number %(serial)s is already registered in the army; "
                           "check the number.", serial="AK-001")
    assert message in response.content.decode()
    assert org.rifle.name not in message  # says neither the type nor where it is held
    assert Movement.objects.count() == 1  # only the fixture's posted receipt


def test_document_without_lines_is_reported(client, org):
    client.force_login(org.users["clerk_a"])
    response = create(client, "receipt", receipt(org))
    assert shown("The document has no lines; add at least one line.") in response.content.decode()
    assert not Movement.objects.exists()


def test_serial_type_as_bare_quantity_is_reported(client, org):
    client.force_login(org.users["clerk_a"])
    line = {"type": org.rifle.pk, "quantity": "5", "grade": "1", "usage_group": org.sscd.pk}
    response = create(client, "receipt", receipt(org, line))
    message = line_message(1, "%(type)s is tracked by serial number: enter one line per item, "
                           "each with quantity 1.", type=org.rifle.name)
    assert message in response.content.decode()
    assert not Movement.objects.exists()


def test_item_twice_in_a_transfer_is_reported(client, org):
    org.rifles(org.province_a, "AK-001")
    client.force_login(org.users["clerk_a"])
    data = form_data({"type": org.rifle.pk, "serial": "AK-001"},
                     {"type": org.rifle.pk, "serial": "AK-001"},
                     from_unit=org.province_a.pk, to_unit=org.commune_a.pk)
    response = create(client, "transfer", data)
    assert line_message(2, "item %(item)s appears twice in this document.",
                        item="AK-001") in response.content.decode()
    assert not Movement.objects.filter(status=Movement.Status.DRAFT).exists()


def test_unit_outside_subtree_is_not_offered(client, org):
    client.force_login(org.users["clerk_a"])
    page = client.get(reverse("holdings:movement-create") + "?kind=receipt").content.decode()
    assert org.province_b.name not in page
    response = create(client, "receipt", receipt(org, rifle(org, "AK-101"),
                                                  to_unit=org.province_b.pk))
    invalid = forms.ModelChoiceField.default_error_messages["invalid_choice"]
    assert shown(str(invalid)) in response.content.decode()
    assert not Movement.objects.exists()


def test_transfer_draft_finds_items_by_serial(client, org):
    org.rifles(org.province_a, "AK-001", "AK-002")
    client.force_login(org.users["clerk_a"])
    data = form_data({"type": org.rifle.pk, "serial": "ak-001"},
                     {"type": org.rifle.pk, "serial": "AK-002"},
                     from_unit=org.province_a.pk, to_unit=org.commune_a.pk)
    response = create(client, "issue", data)
    movement = Movement.objects.get(status=Movement.Status.DRAFT)
    assert response.url == movement.get_absolute_url()
    assert sorted(movement.lines.values_list("item__serial", flat=True)) == ["AK-001", "AK-002"]


def test_unknown_serial_in_a_transfer_is_reported(client, org):
    client.force_login(org.users["clerk_a"])
    data = form_data({"type": org.rifle.pk, "serial": "AK-999"},
                     from_unit=org.province_a.pk, to_unit=org.commune_a.pk)
    response = create(client, "issue", data)
    assert line_message(1, "no %(type)s with serial number %(serial)s is registered in your "
                        "units.", type=org.rifle.name, serial="AK-999") in response.content.decode()
    assert not Movement.objects.exists()


def test_pasted_serials_left_in_the_box_become_lines(client, org):
    client.force_login(org.users["clerk_a"])
    data = receipt(org, paste_type=org.rifle.pk, paste_grade="1", paste_usage_group=org.sscd.pk,
                   paste_serials="AK-201\nAK-202\r\nAK-203")
    response = create(client, "receipt", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert not Movement.objects.exists()
    assert all(f'value="AK-20{n}"' in page for n in (1, 2, 3))


def test_edit_replaces_the_lines_of_a_draft(client, org):
    movement = draft_receipt(org, "AK-101", "AK-102")
    client.force_login(org.users["clerk_a"])
    page = client.get(reverse("holdings:movement-edit", args=[movement.pk])).content.decode()
    assert 'value="AK-102"' in page
    response = client.post(reverse("holdings:movement-edit", args=[movement.pk]),
                           receipt(org, rifle(org, "AK-301")))
    assert response.status_code == 302
    assert list(movement.lines.values_list("serial", flat=True)) == ["AK-301"]


def test_delete_draft(client, org):
    movement = draft_receipt(org, "AK-101")
    client.force_login(org.users["clerk_a"])
    response = client.post(reverse("holdings:movement-delete", args=[movement.pk]))
    assert response.url == reverse("holdings:movement-list")
    assert not Movement.objects.filter(pk=movement.pk).exists()


# Posting and reversing ----------------------------------------------------------------------

def test_clerk_sees_no_post_button_and_cannot_post(client, org):
    movement = draft_receipt(org, "AK-101")
    client.force_login(org.users["clerk_a"])
    page = client.get(movement.get_absolute_url()).content.decode()
    assert 'id="post-document"' not in page
    assert 'id="edit-draft"' in page
    response = client.post(reverse("holdings:movement-post", args=[movement.pk]))
    assert response.status_code == 403
    movement.refresh_from_db()
    assert movement.status == Movement.Status.DRAFT
    assert on_hand(org.province_a, org.rifle) == 0


def test_officer_posts_and_the_document_gets_its_number(client, org):
    movement = draft_receipt(org, "AK-101", "AK-102")
    client.force_login(org.users["officer_a"])
    assert 'id="post-document"' in client.get(movement.get_absolute_url()).content.decode()
    response = client.post(reverse("holdings:movement-post", args=[movement.pk]), follow=True)
    movement.refresh_from_db()
    assert movement.status == Movement.Status.POSTED
    assert movement.number in response.content.decode()
    assert on_hand(org.province_a, org.rifle) == 2
    assert 'id="post-document"' not in response.content.decode()


def test_posting_twice_shows_a_message_and_changes_nothing(client, org):
    movement = draft_receipt(org, "AK-101")
    client.force_login(org.users["officer_a"])
    client.post(reverse("holdings:movement-post", args=[movement.pk]))
    movement.refresh_from_db()
    response = client.post(reverse("holdings:movement-post", args=[movement.pk]), follow=True)
    assert shown("Document %(number)s is already posted; it cannot be changed. Reverse it and "
                 "record a new one.", number=movement.number) in response.content.decode()
    assert on_hand(org.province_a, org.rifle) == 1
    assert Movement.objects.get(pk=movement.pk).number == movement.number


def test_reverse_works_and_shows_the_reversal(client, org):
    movement = draft_receipt(org, "AK-101")
    officer = org.users["officer_a"]
    services.movement_post(actor=officer, movement=movement)
    client.force_login(officer)
    assert 'id="reverse-form"' in client.get(movement.get_absolute_url()).content.decode()
    response = client.post(reverse("holdings:movement-reverse", args=[movement.pk]),
                           {"effective_date": "02/03/2026", "reason": "Nhập nhầm"}, follow=True)
    reversal = Movement.objects.get(reverses=movement)
    page = response.content.decode()
    assert reversal.number in page
    assert 'id="reversed-by"' in page
    assert 'id="reverse-form"' not in page
    assert on_hand(org.province_a, org.rifle) == 0
    page = client.get(reversal.get_absolute_url()).content.decode()
    assert 'id="reverses"' in page
    assert movement.number in page
    rows = client.get(reverse("holdings:movement-list")).content.decode()
    assert "badge-reversed" in rows


def test_reverse_with_bad_date_keeps_the_form(client, org):
    movement = org.rifles(org.province_a, "AK-001")
    client.force_login(org.users["officer_a"])
    response = client.post(reverse("holdings:movement-reverse", args=[movement.pk]),
                           {"effective_date": "32/13/2026"})
    assert response.status_code == 200
    assert shown(DATE_ERROR) in response.content.decode()
    assert not Movement.objects.filter(reverses=movement).exists()


def test_reversing_a_draft_shows_a_message(client, org):
    movement = draft_receipt(org, "AK-101")
    client.force_login(org.users["officer_a"])
    response = client.post(reverse("holdings:movement-reverse", args=[movement.pk]),
                           {"effective_date": DAY, "reason": "Nhầm"}, follow=True)
    assert shown("Only a posted document can be reversed; a draft can simply be changed or "
                 "deleted.") in response.content.decode()
    assert not Movement.objects.filter(reverses=movement).exists()


# Scoping ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "method"), [
    ("movement-detail", "get"), ("movement-edit", "get"), ("movement-post", "post"),
    ("movement-reverse", "post"), ("movement-delete", "post"),
])
def test_document_outside_subtree_answers_404(client, org, name, method):
    movement = services.movement_create(
        actor=None, kind="receipt", source="higher_level", to_unit=org.province_b,
        effective_date=dt.date(2026, 3, 1),
        lines=[LineSpec(type=org.rifle, serial="CB-1", grade=1, usage_group=org.sscd)])
    client.force_login(org.users["officer_a"])
    response = getattr(client, method)(reverse(f"holdings:{name}", args=[movement.pk]))
    assert response.status_code == 404
    assert Movement.objects.get(pk=movement.pk).status == Movement.Status.DRAFT


def test_list_shows_only_the_subtree(client, org):
    mine = org.rifles(org.province_a, "AK-001")
    other = org.rifles(org.province_b, "CB-001")
    client.force_login(org.users["officer_a"])
    page = client.get(reverse("holdings:movement-list")).content.decode()
    assert mine.get_absolute_url() in page
    assert other.get_absolute_url() not in page
    outside = client.get(reverse("holdings:movement-list"), {"unit": org.province_b.pk})
    assert outside.status_code == 404


def test_list_answers_htmx_with_rows_only(client, org, django_assert_max_num_queries):
    for n in range(5):
        org.rifles(org.province_a, f"AK-{n}", f"AK-x{n}")
    client.force_login(org.users["officer_a"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("holdings:movement-list"), {"kind": "receipt"},
                              headers={"HX-Request": "true"})
    assertTemplateUsed(response, "holdings/_movement_rows.html")
    assertTemplateNotUsed(response, "base.html")
    assert "<html" not in response.content.decode()
    assert response.content.decode().count("data-movement=") == 5


def test_item_search_never_leaves_the_subtree(client, org):
    org.rifles(org.province_a, "AK-001")
    org.rifles(org.province_b, "AK-002")
    client.force_login(org.users["clerk_a"])
    url = reverse("holdings:movement-item-search")
    everything = client.get(url, {"type": org.rifle.pk, "q": "ak"}).content.decode()
    assert 'value="AK-001"' in everything
    assert "AK-002" not in everything
    other_unit = client.get(url, {"type": org.rifle.pk, "unit": org.province_b.pk})
    assert other_unit.status_code == 404


def test_item_search_lists_lots_of_the_unit(client, org):
    org.bulk(org.province_a, org.ammo, 500, lot_number="L-77")
    client.force_login(org.users["clerk_a"])
    response = client.get(reverse("holdings:movement-item-search"),
                          {"type": org.ammo.pk, "unit": org.province_a.pk, "q": "77"})
    assert 'value="L-77"' in response.content.decode()


def test_line_row_redraws_a_row_for_its_type(client, org):
    client.force_login(org.users["clerk_a"])
    url = reverse("holdings:movement-line-row")
    page = client.get(url, {"kind": "receipt", "index": "3", "lines-3-type": org.rifle.pk,
                            "lines-3-grade": "2"}).content.decode()
    assert 'name="lines-3-serial"' in page
    assert 'name="lines-3-manufactured_year"' in page
    assert 'value="2" selected' in page
    page = client.get(url, {"kind": "receipt", "next_index": "4", "add": "1"}).content.decode()
    assert 'name="lines-4-type"' in page
    assert 'id="next-line-index"' in page
    assert 'value="5"' in page


def test_line_row_pastes_one_row_per_serial(client, org):
    client.force_login(org.users["clerk_a"])
    response = client.post(reverse("holdings:movement-line-row"), {
        "kind": "receipt", "next_index": "2", "paste_type": org.rifle.pk, "paste_grade": "1",
        "paste_serials": "AK-1\nAK-2, AK-3\n\n"})
    page = response.content.decode()
    assert page.count('<tr class="kt-line') == 3
    assert 'name="lines-4-serial" value="AK-3"' in page
    assert 'value="5"' in page  # the next free index


def test_grade_change_of_an_item_through_the_form(client, org):
    org.rifles(org.province_a, "AK-001")
    client.force_login(org.users["officer_a"])
    page = client.get(reverse("holdings:movement-create") + "?kind=grade_change").content.decode()
    assert 'name="from_unit"' in page
    assert 'name="to_unit"' not in page
    data = form_data({"type": org.rifle.pk, "serial": "AK-001", "grade_to": "3"},
                     from_unit=org.province_a.pk)
    response = create(client, "grade_change", data)
    movement = Movement.objects.get(status=Movement.Status.DRAFT)
    assert response.url == movement.get_absolute_url()
    client.post(reverse("holdings:movement-post", args=[movement.pk]),
                headers={"HX-Request": "true"})
    assert Item.objects.get(serial="AK-001").grade == 3


def test_lot_issue_takes_an_existing_lot(client, org):
    org.bulk(org.province_a, org.ammo, 500, lot_number="L-77")
    client.force_login(org.users["officer_a"])
    data = form_data({"type": org.ammo.pk, "lot_number": "L-77", "quantity": "1.200",
                      "grade": "1", "usage_group": org.sscd.pk},
                     from_unit=org.province_a.pk, to_unit=org.commune_a.pk)
    create(client, "issue", data)
    movement = Movement.objects.get(status=Movement.Status.DRAFT)
    response = client.post(reverse("holdings:movement-post", args=[movement.pk]), follow=True)
    message = shown("Not enough %(type)s, lot %(lot)s, grade %(grade)s, %(group)s at %(unit)s: "
                    "%(have)s %(uom)s on hand, %(need)s %(uom)s needed.", type=org.ammo.name,
                    lot="L-77", grade=1, group=org.sscd.name, unit=org.province_a.name,
                    have="500", need="1.200", uom="viên")
    assert message in response.content.decode()
    assert Movement.objects.get(pk=movement.pk).status == Movement.Status.DRAFT
    assert on_hand(org.province_a, org.ammo) == 500


def test_export_contains_only_the_filtered_subtree(client, org):
    from io import BytesIO

    from openpyxl import load_workbook

    mine = org.rifles(org.province_a, "AK-001")
    other = org.rifles(org.province_b, "CB-001")
    client.force_login(org.users["officer_a"])
    response = client.get(reverse("holdings:movement-export"), {"kind": "receipt"})
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    values = {cell for row in sheet.iter_rows(values_only=True) for cell in row}
    assert mine.number in values
    assert other.number not in values


@pytest.mark.parametrize(("persona", "offered"), [("viewer_a", False), ("clerk_a", True)])
def test_new_document_menu_only_for_users_who_can_draft(client, org, persona, offered):
    client.force_login(org.users[persona])
    page = client.get(reverse("holdings:movement-list")).content.decode()
    assert ('id="new-document"' in page) is offered


def test_new_document_without_a_kind_offers_the_kinds(client, org):
    client.force_login(org.users["clerk_a"])
    response = client.get(reverse("holdings:movement-create"))
    assert response.status_code == 200
    assert 'data-kind="transfer"' in response.content.decode()
