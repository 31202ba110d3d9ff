"""The screens render, take their steps through the services and show what a user may see."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from docx import Document

from kythuat.initiatives import services
from kythuat.initiatives.models import Adoption, Award, Council, Initiative, Score

pytestmark = pytest.mark.django_db
D = dt.date


def login(client, org, name):
    client.force_login(org.users[name])
    return client


def test_list_filters_counts_and_answers_htmx_with_rows(client, org, recognised, register):
    register(title="Thiết bị nạp điện ắc quy tự ngắt")
    login(client, org, "officer_a")
    page = client.get(reverse("initiatives:initiative-list"))
    assert page.status_code == 200
    assert "Cải tiến giá đỡ kiểm tra nòng súng cối 82mm" in page.content.decode()
    rows = client.get(reverse("initiatives:initiative-list"), {"q": "ac quy"},
                      headers={"HX-Request": "true"})
    text = rows.content.decode()
    assert "Thiết bị nạp điện" in text
    assert "nòng súng" not in text
    assert "<html" not in text


def test_export_lists_the_filtered_initiatives(client, org, recognised):
    login(client, org, "officer_hq")
    response = client.get(reverse("initiatives:initiative-export"), {"status": "recognised"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert "Cải tiến giá đỡ kiểm tra nòng súng cối 82mm" in cells


def test_register_form_creates_and_hints_duplicates(client, org, recognised, ref):
    login(client, org, "clerk_a")
    hints = client.get(reverse("initiatives:initiative-duplicates"),
                       {"title": "gia do kiem tra nong sung coi 60mm"})
    assert "Cải tiến giá đỡ kiểm tra nòng súng cối 82mm" in hints.content.decode()
    response = client.post(reverse("initiatives:initiative-create"), {
        "title": "Bộ gá tháo lắp lò xo giảm xóc", "field": ref.field.pk,
        "unit": org.commune_a.pk, "registered_on": "01/03/2025",
        "main_author": "Thượng úy; Lê Văn Bình; Trợ lý", "co_authors": "Hà Văn C\n"})
    assert response.status_code == 302
    initiative = Initiative.objects.get(title="Bộ gá tháo lắp lò xo giảm xóc")
    assert [a.name for a in initiative.authors.all()] == ["Lê Văn Bình", "Hà Văn C"]


def test_register_form_shows_a_vietnamese_error(client, org, ref):
    login(client, org, "clerk_a")
    response = client.post(reverse("initiatives:initiative-create"), {
        "title": "X", "field": ref.field.pk, "unit": org.province_a.pk,
        "registered_on": "01/03/2025", "first_applied_on": "01/04/2025", "main_author": "A"})
    assert response.status_code == 200
    assert "lần đầu" in response.content.decode() or "trial" in response.content.decode()
    assert not Initiative.objects.exists()


def test_detail_shows_lifecycle_decision_and_word(client, org, recognised):
    login(client, org, "officer_a")
    response = client.get(recognised.initiative.get_absolute_url())
    text = response.content.decode()
    assert response.status_code == 200
    assert "15/QĐ-BCH" in text
    assert "80.00" in text or "80,00" in text
    word = client.get(reverse("initiatives:dossier-decision", args=[recognised.dossier.pk]))
    document = Document(io.BytesIO(b"".join(word.streaming_content)))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "15/QĐ-BCH" in "\n".join(c.text for t in document.tables for r in t.rows
                                    for c in r.cells) + body
    assert "Cải tiến giá đỡ kiểm tra nòng súng cối 82mm" in body


def test_council_member_scores_sees_only_his_sheet_then_closes(client, org, register,
                                                               council_a, ref):
    dossier = services.dossier_send(actor=None, initiative=register(), council=council_a,
                                    sent_on=D(2024, 3, 1))
    services.score_submit(actor=org.users["viewer_a"], dossier=dossier,
                          points={c.pk: 5 for c in ref.criteria})
    login(client, org, "clerk_a")
    url = reverse("initiatives:dossier-score", args=[dossier.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {f"c{c.pk}": "99" for c in ref.criteria})
    assert bad.status_code == 200
    assert not Score.objects.filter(member__user=org.users["clerk_a"]).exists()
    client.post(url, {f"c{c.pk}": "25" for c in ref.criteria})
    page = client.get(council_a.get_absolute_url()).content.decode()
    assert page.count("<td class=\"num\">75</td>") == 1  # his own total, not viewer_a's 15
    assert "<td class=\"num\">15</td>" not in page
    login(client, org, "officer_a")
    client.post(reverse("initiatives:council-close", args=[council_a.pk]),
                {"closed_on": "16/04/2024", "minutes": "Họp đủ"})
    assert Council.objects.get().status == "closed"
    page = client.get(council_a.get_absolute_url()).content.decode()
    assert "<td class=\"num\">15</td>" in page


def test_decide_award_adopt_and_measure_from_the_screens(client, org, register, council_a,
                                                         sheet, ref):
    dossier = services.dossier_send(actor=None, initiative=register(), council=council_a,
                                    sent_on=D(2024, 3, 1))
    for name in ("officer_a", "clerk_a"):
        services.score_submit(actor=org.users[name], dossier=dossier, points=sheet())
    services.council_close(actor=None, council=council_a, closed_on=D(2024, 4, 16))
    login(client, org, "officer_a")
    client.post(reverse("initiatives:dossier-decide", args=[dossier.pk]), {
        "decision": "recognise", "decision_date": "20/04/2024", "decision_number": "7/QĐ-BCH"})
    client.post(reverse("initiatives:dossier-award", args=[dossier.pk]), {
        "award_class": ref.class_one.pk, "decision_number": "8/QĐ-BCH",
        "decision_date": "25/04/2024"})
    assert Award.objects.get().amount_vnd == 6_000_000
    initiative = Initiative.objects.get()
    adopt = reverse("initiatives:adoption-create", args=[initiative.pk])
    assert client.get(adopt).status_code == 200
    client.post(adopt, {"unit": org.commune_a.pk, "adopted_on": "01/06/2024", "result": "Tốt"})
    assert Adoption.objects.get().is_elsewhere is False
    measure = reverse("initiatives:benefit-measure", args=[initiative.pk])
    assert client.get(measure).status_code == 200
    response = client.post(measure, {
        "unit": org.province_a.pk, "indicator_code": "vehicles.fuel", "per_code": "vehicles.km",
        "per_scale": "100", "before_start": "01/01/2023", "before_end": "31/12/2023",
        "after_start": "01/01/2024", "after_end": "31/12/2024"})
    assert response.status_code == 302
    detail = client.get(initiative.get_absolute_url()).content.decode()
    assert "data-measured" in detail


def test_council_list_and_form_render(client, org, council_a, ref):
    login(client, org, "officer_a")
    assert council_a.name in client.get(reverse("initiatives:council-list")).content.decode()
    assert client.get(reverse("initiatives:council-create")).status_code == 200
    response = client.post(reverse("initiatives:council-create"), {
        "unit": org.province_a.pk, "level": ref.province.pk, "year": "2025", "session": "1",
        "convened_on": "10/05/2025", "quorum": "1", "users": [org.users["clerk_a"].pk]})
    assert response.status_code == 302
    assert Council.objects.filter(year=2025).get().members.count() == 1


def test_reference_lists_are_on_the_reference_screen(client, org):
    admin = org.users["admin_hq"]
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    page = client.get(reverse("catalog:reference")).content.decode()
    for text in ("Loại I", "Cấp quân khu", "Tính mới", "Xe - máy"):
        assert text in page


def test_the_decision_is_headed_by_the_council_unit(recognised):
    from kythuat.initiatives.word import recognition_document

    document = recognition_document(recognised.dossier)
    assert document.issuer_name == "Bộ CHQS tỉnh Lạng Sơn"
    assert document.issuer_parent == "Quân khu 1"
    assert document.number == "15/QĐ-BCH"


def test_status_counts_count_initiatives_not_adoptions(client, org, recognised):
    """The list's counts by status add up to the initiatives found, however many units have
    adopted one of them (they were counted once per adoption)."""
    for unit, month in ((org.province_b, 6), (org.hq, 7)):
        services.adoption_record(actor=None, initiative=recognised.initiative, unit=unit,
                                 adopted_on=dt.date(2024, month, 1))
    login(client, org, "officer_hq")
    page = client.get(reverse("initiatives:initiative-list"))
    counts = page.context["counts"]
    assert sum(counts.values()) == page.context["page"].paginator.count == 1
