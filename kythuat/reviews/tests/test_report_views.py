import datetime as dt
import io

import docx
import pytest
from django.urls import reverse

from kythuat.documents.models import IssuedNumber
from kythuat.jobs.models import Job
from kythuat.reviews.models import Figure, Report
from kythuat.reviews.services import figures as figure_services
from kythuat.reviews.services import reports as services

from .test_report_world import ISSUE_DAY, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org):
    return make_world(org)


@pytest.fixture
def report(world):
    report = world.central()
    figure = figure_services.figure_add(actor=None, report=report,
                                        indicator_code="holdings.on_hand", unit=world.org.commune_a,
                                        label="Súng của xã")
    services.section_update(actor=None, section=report.sections.get(part="results"),
                            text=f"Xã quản lý {figure.token} bảo đảm an toàn.")
    return report


def said(html: str, vietnamese: str, english: str) -> bool:
    """The message in Vietnamese (or in English until the catalogue is compiled)."""
    return vietnamese in html or english in html


def _login(client, world, user="officer_a"):
    client.force_login(world.org.users[user])


def _docx_text(response) -> str:
    content = b"".join(response.streaming_content)
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_detail_shows_sections_with_live_figures_tables_and_traceability(client, world, report):
    _login(client, world)
    response = client.get(reverse("reviews:report-detail", args=[report.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Xã quản lý" in html
    assert 'class="kt-figure"' in html
    assert "3 chiếc" in html  # three rifles on the books
    assert 'id="traceability"' in html
    assert 'id="targets"' in html
    assert 'id="subordinates"' in html
    assert reverse("reviews:report-issue", args=[report.pk]) in html


def test_viewer_sees_no_write_or_issue_buttons_and_cannot_issue(client, world, report):
    _login(client, world, "viewer_a")
    html = client.get(reverse("reviews:report-detail", args=[report.pk])).content.decode()
    assert reverse("reviews:report-issue", args=[report.pk]) not in html
    response = client.post(reverse("reviews:report-issue", args=[report.pk]),
                           {"date": "15/07/2026"})
    assert response.status_code == 403
    assert not IssuedNumber.objects.exists()


def test_section_edit_refuses_an_unknown_token_in_vietnamese(client, world, report):
    _login(client, world, "clerk_a")
    section = report.sections.get(part="lessons")
    url = reverse("reviews:report-section-edit", args=[section.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Có {{F999999}} kho."})
    assert response.status_code == 200
    assert said(response.content.decode(), "không phải là số liệu của báo cáo này",
                "not a figure of this report")
    section.refresh_from_db()
    assert section.text == ""
    response = client.post(url, {"text": "Rút ra bài học về kiểm tra."})
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.text == "Rút ra bài học về kiểm tra."


def test_figure_add_form_and_bad_period(client, world, report):
    _login(client, world, "clerk_a")
    url = reverse("reviews:figure-add", args=[report.pk])
    assert client.get(url).status_code == 200
    count = report.figures.count()
    response = client.post(url, {"indicator_code": "holdings.on_hand",
                                 "unit": world.org.commune_a.pk, "period_start": "30/06/2026",
                                 "period_end": "01/01/2026", "label": "Sai"})
    assert response.status_code == 200
    assert said(response.content.decode(), "kết thúc trước khi bắt đầu", "ends before it starts")
    response = client.post(url, {"indicator_code": "holdings.on_hand",
                                 "unit": world.org.province_b.pk, "label": "Ngoài"})
    assert response.status_code == 200
    assert report.figures.count() == count
    response = client.post(url, {"indicator_code": "holdings.on_hand",
                                 "unit": world.org.commune_a.pk, "label": "Đúng"})
    assert response.status_code == 302
    assert report.figures.filter(label="Đúng", source=Figure.Source.INSERTED).exists()


def test_issue_confirmation_then_issue_then_compare_and_download(client, world, report):
    _login(client, world)
    url = reverse("reviews:report-issue", args=[report.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Ban CHQS xã Hữu Lũng" in page.content.decode()  # the missing plan report
    assert client.post(url, {"date": "15/07/2026"}).status_code == 302
    assert client.post(url, {"date": "15/07/2026"}).status_code == 302  # second click
    report.refresh_from_db()
    assert report.status == Report.Status.ISSUED
    assert IssuedNumber.objects.count() == 1
    world.org.rifles(world.org.commune_a, "LS-009", day=dt.date(2026, 5, 1))
    compare = client.get(reverse("reviews:report-compare", args=[report.pk]))
    assert compare.status_code == 200
    assert "Súng của xã" in compare.content.decode()
    download = client.get(reverse("reviews:report-docx", args=[report.pk]))
    assert download.status_code == 200
    text = _docx_text(download)
    assert "Xã quản lý 3 chiếc" in text
    assert report.number.symbol in text
    again = client.get(reverse("reviews:report-docx", args=[report.pk]), {"regenerate": "1"})
    assert "Xã quản lý 3 chiếc" in _docx_text(again)


def test_draft_download_direct_and_in_the_background(client, world, report):
    _login(client, world)
    url = reverse("reviews:report-docx", args=[report.pk])
    direct = client.get(url)
    assert direct.status_code == 200
    assert "Dự thảo" in _docx_text(direct)
    queued = client.get(url, {"background": "1"})
    assert queued.status_code == 302
    job = Job.objects.get(kind="reviews.report_docx")
    assert job.status == "done", job.error if hasattr(job, "error") else job


def test_list_create_edit_figures_pages(client, world):
    _login(client, world)
    create = reverse("reviews:report-create", args=[world.review.pk])
    assert client.get(create, {"unit": world.org.province_a.pk}).status_code == 200
    response = client.post(create, {"unit": world.org.province_a.pk})
    assert response.status_code == 302
    report = Report.objects.get(review=world.review, unit=world.org.province_a)
    assert client.get(reverse("reviews:report-list")).status_code == 200
    assert client.get(reverse("reviews:report-figures", args=[report.pk])).status_code == 200
    edit = reverse("reviews:report-edit", args=[report.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"title": "Báo cáo mới", "issuer": world.issuer.pk,
                                  "place": "Lạng Sơn", "signer_prefix": "KT.",
                                  "signer_office": "Chỉ huy trưởng",
                                  "signer_title": "Phó Chỉ huy trưởng",
                                  "signer_name": "Đại tá Nguyễn Văn A", "recipients": "BTL QK1",
                                  "table_indicators": ["holdings.on_hand"]})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.title == "Báo cáo mới"
    assert report.figures.filter(source=Figure.Source.SUBORDINATE).count() == 2
    refresh = client.post(reverse("reviews:report-refresh", args=[report.pk]))
    assert refresh.status_code == 302


def test_figure_delete_used_in_text_is_refused(client, world, report):
    _login(client, world, "clerk_a")
    figure = report.figures.get(label="Súng của xã")
    client.post(reverse("reviews:figure-delete", args=[figure.pk]))
    assert Figure.objects.filter(pk=figure.pk).exists()


def test_issue_with_bad_date_shows_vietnamese_message(client, world, report):
    _login(client, world)
    response = client.post(reverse("reviews:report-issue", args=[report.pk]),
                           {"date": "01/01/2020"})
    assert response.status_code == 200
    assert said(response.content.decode(), "trước khi kỳ", "before the period it reviews")
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT
    assert ISSUE_DAY


def test_section_edit_answers_htmx_with_the_form_only(client, world, report):
    _login(client, world, "clerk_a")
    section = report.sections.get(part="situation")
    url = reverse("reviews:report-section-edit", args=[section.pk])
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    figure = report.figures.get(label="Súng của xã")
    response = client.post(url, {"text": f"Địa bàn rộng; xã quản lý {figure.token}."},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    # The saved text, its figure filled in and linked to its records, takes the form's place
    # (a redirect to the same page with only "#s-…" changed would not reload it).
    assert "HX-Redirect" not in response.headers
    text = response.content.decode()
    assert "<form" not in text
    assert 'class="kt-figure"' in text
    assert "xã quản lý" in text
