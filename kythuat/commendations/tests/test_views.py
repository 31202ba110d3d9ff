import io

import openpyxl
import pytest
from django.urls import reverse
from docx import Document

from kythuat.commendations import services
from kythuat.commendations.models import CommendationDecision, CommendationProposal

from .conftest import form

pytestmark = pytest.mark.django_db


def test_the_lists_render_with_their_rows(client, org, decide, propose):
    services.decision_issue(actor=None, decision=decide())
    propose()
    client.force_login(org.users["officer_a"])
    page = client.get(reverse("commendations:commendation-list"))
    assert page.status_code == 200
    assert "Hoàng Văn Chung" in page.content.decode()
    assert "Giấy khen" in page.content.decode()
    rows = client.get(reverse("commendations:commendation-list"), {"kind": "individual"},
                      headers={"HX-Request": "true"})
    assert "Hoàng Văn Chung" in rows.content.decode()
    assert org.commune_a.name not in rows.content.decode()
    assert "Đề nghị tặng Giấy khen" in client.get(
        reverse("commendations:proposal-list")).content.decode()
    assert "01/QĐ-BCH" in client.get(reverse("commendations:decision-list")).content.decode()


def test_the_export_lists_the_commendations(client, org, decide):
    services.decision_issue(actor=None, decision=decide())
    client.force_login(org.users["officer_a"])
    response = client.get(reverse("commendations:commendation-export"))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert "Hoàng Văn Chung" in cells
    assert "01/QĐ-BCH" in cells


def test_the_create_form_takes_values_from_a_link(client, org):
    client.force_login(org.users["officer_a"])
    response = client.get(reverse("commendations:proposal-create"), {
        "unit": org.commune_a.pk, "form": "giay-khen", "summary": "Dẫn đầu khối thi đua",
        "source": "Cuộc vận động 50 năm 2025"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dẫn đầu khối thi đua" in html
    assert "Cuộc vận động 50 năm 2025" in html
    assert f'<option value="{org.commune_a.pk}" selected' in html
    outside = client.get(reverse("commendations:proposal-create"),
                         {"unit": org.province_b.pk})
    assert outside.status_code == 404


def test_a_proposal_is_drafted_on_screen_and_shows_its_figures(client, org):
    client.force_login(org.users["officer_a"])
    data = {"proposer": org.province_a.pk, "awarding_unit": org.hq.pk,
            "form": form("bang-khen").pk, "title": "Đề nghị tặng Bằng khen",
            "summary": "Thành tích xuất sắc", "period_start": "01/01/2025",
            "period_end": "31/12/2025", "indicator_codes": ["holdings.documents_posted"],
            "r-TOTAL_FORMS": "2", "r-INITIAL_FORMS": "0", "r-0-kind": "collective",
            "r-0-unit": org.commune_a.pk, "r-1-kind": "collective", "r-1-unit": ""}
    response = client.post(reverse("commendations:proposal-create"), data)
    proposal = CommendationProposal.objects.get()
    assert response.status_code == 302
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert 'data-indicator="holdings.documents_posted"' in page
    assert "indicator-records" in page or "/records" in page


def test_a_reversed_period_on_screen_changes_nothing(client, org):
    client.force_login(org.users["officer_a"])
    data = {"proposer": org.province_a.pk, "awarding_unit": org.hq.pk,
            "form": form("bang-khen").pk, "title": "X", "summary": "X",
            "period_start": "31/12/2025", "period_end": "01/01/2025",
            "r-TOTAL_FORMS": "1", "r-INITIAL_FORMS": "0", "r-0-kind": "collective",
            "r-0-unit": org.commune_a.pk}
    response = client.post(reverse("commendations:proposal-create"), data)
    assert response.status_code == 200
    assert "31/12/2025" in response.content.decode()
    assert not CommendationProposal.objects.exists()


def test_a_proposal_is_submitted_and_decided_on_screen(client, org, issuers, propose):
    proposal = propose()
    client.force_login(org.users["officer_a"])
    client.post(reverse("commendations:proposal-submit", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    page = client.get(reverse("commendations:proposal-decide", args=[proposal.pk]))
    assert page.status_code == 200
    response = client.post(reverse("commendations:proposal-decide", args=[proposal.pk]), {
        "outcome": "award", "issuer": issuers.a.pk, "decided_on": "15/12/2025",
        "recipients": [r.pk for r in proposal.recipients.all()]})
    decision = CommendationDecision.objects.get()
    assert response.status_code == 302
    assert decision.commendations.count() == 2
    client.post(reverse("commendations:decision-issue", args=[decision.pk]), {"symbol": ""})
    client.post(reverse("commendations:decision-issue", args=[decision.pk]), {"symbol": ""})
    decision.refresh_from_db()
    proposal.refresh_from_db()
    assert decision.number_symbol == "01/QĐ-BCH"
    assert proposal.status == "approved"


def test_the_decision_in_word_lists_its_recipients(client, org, decide):
    decision = services.decision_issue(actor=None, decision=decide())
    client.force_login(org.users["clerk_commune"])  # a recipient's unit sees it
    response = client.get(reverse("commendations:decision-docx", args=[decision.pk]))
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(cell.text for table in document.tables for row in table.rows
                     for cell in row.cells)
    assert "Hoàng Văn Chung" in text
    assert "01/QĐ-BCH" in text
    page = client.get(decision.get_absolute_url())
    assert page.status_code == 200
    assert "Hoàng Văn Chung" in page.content.decode()


def test_a_decision_is_recorded_on_screen(client, org, issuers):
    client.force_login(org.users["officer_a"])
    data = {"issuer": issuers.a.pk, "form": form("giay-khen").pk, "decided_on": "15/12/2025",
            "r-TOTAL_FORMS": "1", "r-INITIAL_FORMS": "0", "r-0-kind": "individual",
            "r-0-unit": org.commune_a.pk, "r-0-full_name": "Hà Văn Dũng",
            "r-0-rank": "Trung úy"}
    assert client.get(reverse("commendations:decision-create")).status_code == 200
    response = client.post(reverse("commendations:decision-create"), data)
    assert response.status_code == 302
    refused = client.post(reverse("commendations:decision-create"),
                          {**data, "form": form("bang-khen").pk})
    assert refused.status_code == 200
    assert CommendationDecision.objects.count() == 1
