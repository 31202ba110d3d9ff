"""The screens render with what an officer needs to see, and refuse bad input with the
service's message (the page is shown again, nothing is changed)."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from kythuat.campaign import services
from kythuat.campaign.models import Score, Sheet

from .conftest import YEAR, reviews

pytestmark = pytest.mark.django_db


@pytest.fixture
def block(org, phase, level, criteria):
    return services.block_create(actor=None, phase=phase, superior=org.hq, level=level,
                                 name="Khối các Bộ CHQS tỉnh",
                                 members=[org.province_a, org.province_b])


def test_phase_page_shows_objectives_criteria_and_committees(client, org, phase, criteria):
    services.committee_create(actor=None, unit=org.hq, phase=phase, name="Ban Chỉ đạo 50",
                              members=[{"name": "Nguyễn Văn Thành", "rank": "Thiếu tướng",
                                        "role": "head"}])
    client.force_login(org.users["officer_b"])
    response = client.get(reverse("campaign:phase-detail", args=[phase.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bảo đảm an toàn tuyệt đối" in body  # objective 3's wording
    assert "Ghi sổ đầy đủ" in body
    assert "holdings.documents_posted" in body
    assert "Ban Chỉ đạo 50" in body
    assert client.get(reverse("campaign:phase-list")).status_code == 200


def test_sheet_list_shows_my_units_and_subordinates_sheets(client, org, sheet_of):
    sheet_of(org.province_a)
    client.force_login(org.users["officer_hq"])
    rows = {"HX-Request": "true"}
    response = client.get(reverse("campaign:sheet-list"), {"mine": "below"}, headers=rows)
    assert "Lạng Sơn" in response.content.decode()
    response = client.get(reverse("campaign:sheet-list"), {"mine": "own"}, headers=rows)
    assert "Lạng Sơn" not in response.content.decode()
    assert client.get(reverse("campaign:sheet-list")).status_code == 200
    partial = client.get(reverse("campaign:sheet-list"), headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()


def test_sheet_is_opened_from_the_form(client, org, phase, criteria):
    client.force_login(org.users["officer_a"])
    response = client.post(reverse("campaign:sheet-create"), {
        "phase": phase.pk, "unit": org.province_a.pk, "year": YEAR})
    sheet = Sheet.objects.get()
    assert response.status_code == 302
    assert response.url == sheet.get_absolute_url()
    response = client.post(reverse("campaign:sheet-create"), {
        "phase": phase.pk, "unit": org.province_a.pk, "year": YEAR})
    assert response.status_code == 200
    assert Sheet.objects.count() == 1


def test_self_assessment_form_saves_scores_and_evidence(client, org, criteria, sheet_of):
    sheet = sheet_of(org.province_a)
    client.force_login(org.users["clerk_a"])
    url = reverse("campaign:sheet-assess", args=[sheet.pk])
    assert client.get(url).status_code == 200
    one, two = criteria["1.2"].pk, criteria["1.1"].pk
    evidence = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test", "application/pdf")
    response = client.post(url, {f"score_{one}": "18,5", f"file_{one}": evidence,
                                 f"score_{two}": "30"})
    assert response.status_code == 302
    score = Score.objects.get(sheet=sheet, criterion_id=one)
    assert str(score.self_score) == "18.50"
    assert score.evidence_file
    download = client.get(reverse("campaign:score-evidence", args=[score.pk]))
    assert download.status_code == 200


def test_self_assessment_without_evidence_shows_the_message(client, org, criteria, sheet_of):
    sheet = sheet_of(org.province_a)
    client.force_login(org.users["clerk_a"])
    response = client.post(reverse("campaign:sheet-assess", args=[sheet.pk]),
                           {f"score_{criteria['1.2'].pk}": "18"})
    assert response.status_code == 200
    assert "1.2" in response.content.decode()
    assert "alert-danger" in response.content.decode()
    assert not Score.objects.filter(self_score__isnull=False).exists()


def test_scoring_screen_shows_three_columns_and_needs_reasons(client, org, submitted,
                                                              criteria):
    client.force_login(org.users["officer_hq"])
    url = reverse("campaign:sheet-review", args=[submitted.pk])
    body = client.get(url).content.decode()
    for column in ('data-column="computed"', 'data-column="self"', 'data-column="review"'):
        assert column in body
    data = {f"score_{pk}": str(entry["review_score"])
            for pk, entry in reviews(criteria, **{"1.2": 10}).items()}
    response = client.post(url, {**data, "close": "1"})
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Sheet.Status.SUBMITTED
    data[f"reason_{criteria['1.2'].pk}"] = "Thiếu biên bản kiểm tra."
    response = client.post(url, {**data, "close": "1"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Sheet.Status.SCORED


def test_the_unit_cannot_open_its_own_scoring_screen(client, org, submitted):
    client.force_login(org.users["officer_a"])
    assert client.get(reverse("campaign:sheet-review", args=[submitted.pk])).status_code == 403


def test_sheet_excel_and_word_report(client, org, submitted, criteria):
    services.sheet_review(actor=None, sheet=submitted, entries=reviews(criteria), close=True)
    client.force_login(org.users["officer_a"])
    response = client.get(reverse("campaign:sheet-export", args=[submitted.pk]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row if c is not None]
    assert "Ghi sổ đầy đủ" in cells
    assert 80 in cells
    response = client.get(reverse("campaign:sheet-report", args=[submitted.pk]))
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Bộ CHQS tỉnh Lạng Sơn" in text
    assert str(YEAR) in text


def test_ranking_page_draws_the_chart_and_exports(client, org, block, submitted, criteria):
    services.sheet_review(actor=None, sheet=submitted, entries=reviews(criteria), close=True)
    client.force_login(org.users["officer_hq"])
    response = client.get(reverse("campaign:block-detail", args=[block.pk]), {"year": YEAR})
    body = response.content.decode()
    assert response.status_code == 200
    assert "data-chart=" in body
    assert "&quot;bar&quot;" in body
    assert f'data-unit="{org.province_a.pk}"' in body
    assert client.get(reverse("campaign:block-list")).status_code == 200
    export = client.get(reverse("campaign:block-export", args=[block.pk]), {"year": YEAR})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row if c is not None]
    assert "Bộ CHQS tỉnh Lạng Sơn" in cells


def test_a_province_does_not_see_the_regions_block(client, org, block):
    client.force_login(org.users["officer_a"])
    assert client.get(reverse("campaign:block-detail", args=[block.pk])).status_code == 404


def test_pledge_pages_show_the_targets(client, org, phase):
    from kythuat.campaign.models import Phase
    from kythuat.targets.tests.factories import clause_for

    later = Phase.objects.get(label="Giai đoạn 2025–2030")
    pledge = services.pledge_create(
        actor=None, unit=org.province_a, phase=later, clause=clause_for(org.hq),
        title="Giao ước thi đua 2025–2029", signed_on=phase.end,
        items=[{"indicator_code": "holdings.on_hand", "stated_value": 10}])
    client.force_login(org.users["officer_a"])
    assert "Giao ước thi đua" in client.get(reverse("campaign:pledge-list")).content.decode()
    body = client.get(pledge.get_absolute_url()).content.decode()
    assert "31/12/2029" in body  # the province's phase ends in 2029


def test_a_closed_sheet_sends_the_scoring_screen_back_to_the_sheet(client, org, submitted,
                                                                   criteria):
    services.sheet_review(actor=None, sheet=submitted, entries=reviews(criteria), close=True)
    client.force_login(org.users["officer_hq"])
    response = client.get(reverse("campaign:sheet-review", args=[submitted.pk]))
    assert response.status_code == 302
    assert response.url == submitted.get_absolute_url()
    body = client.get(submitted.get_absolute_url()).content.decode()
    assert 'data-status="scored"' in body
