import datetime as dt
from decimal import Decimal

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kythuat.audit.models import AuditEvent
from kythuat.documents.models import IssuedNumber
from kythuat.indicators import registry
from kythuat.indicators.periods import Period
from kythuat.reviews import report_selectors
from kythuat.reviews.models import Figure, Report, Review, Section
from kythuat.reviews.services import figures as figure_services
from kythuat.reviews.services import reports as services

from .test_report_world import END, ISSUE_DAY, START, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org):
    return make_world(org)


def _issue(world, report, user="officer_a"):
    return services.report_issue(actor=world.org.users[user], report=report, date=ISSUE_DAY)


def test_create_makes_every_section_and_the_automatic_figures(world):
    report = world.central()
    assert report.title.startswith("Báo cáo tổng kết 15 năm thực hiện Chương trình hành động")
    assert set(report.sections.values_list("part", flat=True)) == set(Section.Part.values)
    assert report.issuer == world.issuer
    assert report.figures.filter(source=Figure.Source.TARGET, target=world.target).count() == 1
    # one cell per subordinate (the commune) and the total, for each table indicator
    codes = services.table_indicators(report)
    assert report.figures.filter(source=Figure.Source.SUBORDINATE).count() == 2 * len(codes)


def test_a_plan_unit_makes_its_own_report_and_others_cannot(world):
    org = world.org
    report = services.report_create(actor=org.users["clerk_commune"], review=world.review,
                                    unit=org.commune_a)
    assert report.issuer == world.commune_issuer
    assert not report.figures.filter(source=Figure.Source.SUBORDINATE).exists()
    with pytest.raises(ValidationError, match=r"kế hoạch|plan"):
        services.report_create(actor=None, review=world.review, unit=org.province_b)


def test_every_figure_of_a_generated_report_equals_its_indicator(world):
    org = world.org
    report = world.central()
    figure_services.figure_add(actor=org.users["clerk_a"], report=report,
                               indicator_code="holdings.technical_coefficient",
                               unit=org.commune_a, label="Hệ số kỹ thuật của xã")
    issued = _issue(world, report)
    figures = list(issued.figures.all())
    assert figures
    assert all(figure.frozen for figure in figures)
    for figure in figures:
        value = registry.compute(figure.indicator_code, figure.unit,
                                 Period(figure.period_start, figure.period_end))
        assert figure.value == value.total, figure.label
        assert len(figure.fingerprint) == 64
    coefficient = issued.figures.get(label="Hệ số kỹ thuật của xã")
    assert coefficient.value == Decimal("66.7")
    assert (coefficient.numerator, coefficient.denominator) == (2, 3)
    assert coefficient.record_count == 5  # 2 serviceable + 3 on hand


def test_issue_takes_one_number_under_repeated_calls(world):
    report = world.central()
    first = _issue(world, report)
    again = _issue(world, report)
    third = services.report_issue(actor=world.org.users["officer_a"], report=report)
    assert first.number_id == again.number_id == third.number_id
    assert IssuedNumber.objects.filter(issuer=world.issuer).count() == 1
    assert first.number.symbol == "01/BC-BCH"
    assert first.issued_file.name.endswith(".docx")
    world.review.refresh_from_db()
    assert world.review.status == Review.Status.ISSUED


def test_issue_states_the_missing_plan_reports(world):
    report = _issue(world, world.central())
    assert "Ban CHQS xã Hữu Lũng" in report.missing_note
    document = docx.Document(report.issued_file.open("rb"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "chưa gửi báo cáo" in text
    assert "Ban CHQS xã Hữu Lũng" in text


def test_a_viewer_or_a_clerk_cannot_issue(world):
    report = world.central()
    for user in ("viewer_a", "clerk_a"):
        with pytest.raises(PermissionDenied):
            _issue(world, report, user)
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT
    assert report.number_id is None
    assert not IssuedNumber.objects.exists()


def test_issue_without_issuer_or_out_of_date_order_changes_nothing(world):
    report = world.central()
    services.report_update(actor=world.org.users["officer_a"], report=report,
                           data={"issuer": None})
    with pytest.raises(ValidationError, match=r"cơ quan ban hành|issuer"):
        _issue(world, report)
    report.issuer = world.issuer
    report.save()
    from kythuat.documents.models import DocumentType
    from kythuat.documents.services import number_issue
    number_issue(actor=None, issuer=world.issuer, document_type=DocumentType.objects.get(
        code="BC"), date=dt.date(2026, 8, 1), subject="Báo cáo khác")
    with pytest.raises(ValidationError):
        _issue(world, report)  # dated before the last number of the series
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT
    assert not report.figures.filter(frozen=True).exists()


def test_section_refuses_a_token_of_another_report(world):
    org = world.org
    report = world.central()
    other = services.report_create(actor=None, review=world.review, unit=org.commune_a)
    foreign = other.figures.first() or figure_services.figure_add(
        actor=None, report=other, indicator_code="holdings.on_hand", unit=org.commune_a)
    section = report.sections.get(part="results")
    with pytest.raises(ValidationError) as error:
        services.section_update(actor=org.users["clerk_a"], section=section,
                                text=f"Có {foreign.token} khẩu súng.")
    assert "không phải là số liệu của báo cáo này" in str(error.value) or "not a figure" in str(
        error.value)
    section.refresh_from_db()
    assert section.text == ""


def test_figure_outside_the_subtree_or_reversed_is_refused(world):
    org = world.org
    report = world.central()
    count = report.figures.count()
    with pytest.raises(ValidationError):
        figure_services.figure_add(actor=org.users["clerk_a"], report=report,
                                   indicator_code="holdings.on_hand", unit=org.province_b)
    with pytest.raises(ValidationError):
        figure_services.figure_add(actor=org.users["clerk_a"], report=report,
                                   indicator_code="holdings.on_hand", unit=org.commune_a,
                                   period_start=END, period_end=START)
    with pytest.raises(ValidationError):
        figure_services.figure_add(actor=org.users["clerk_a"], report=report,
                                   indicator_code="no.such", unit=org.commune_a)
    assert report.figures.count() == count


def test_back_dated_correction_keeps_issued_figures_and_compare_names_it(world):
    org = world.org
    report = world.central()
    on_hand = figure_services.figure_add(actor=org.users["clerk_a"], report=report,
                                         indicator_code="holdings.on_hand", unit=org.commune_a,
                                         label="Súng trong biên chế của xã")
    section = report.sections.get(part="results")
    services.section_update(actor=org.users["clerk_a"], section=section,
                            text=f"Toàn xã có {on_hand.token}.")
    issued = _issue(world, report)
    on_hand.refresh_from_db()
    assert on_hand.value == 3
    # A late posting dated inside the period, after the report was issued.
    org.rifles(org.commune_a, "LS-004", day=dt.date(2026, 3, 1))
    context = report_selectors.report_context(issued)
    results = next(s for s in context.sections if s.section.part == "results")
    assert "3 " in results.plain
    assert "4 " not in results.plain
    regenerated = docx.Document(__import__("io").BytesIO(
        report_selectors.report_docx_bytes(issued)))
    assert any("Toàn xã có 3 " in p.text for p in regenerated.paragraphs)
    differences = report_selectors.report_compare(issued)
    labels = {d.figure.label for d in differences}
    assert "Súng trong biên chế của xã" in labels
    changed = next(d for d in differences if d.figure.pk == on_hand.pk)
    assert changed.value_changed
    assert changed.frozen_text.startswith("3 ")
    assert changed.today_text.startswith("4 ")
    assert changed.changes
    assert changed.changes[0].count == 1


def test_issued_report_refuses_changes(world):
    org = world.org
    report = _issue(world, world.central())
    with pytest.raises(ValidationError):
        services.section_update(actor=org.users["officer_a"],
                                section=report.sections.first(), text="x")
    with pytest.raises(ValidationError):
        figure_services.figure_delete(actor=org.users["officer_a"],
                                      figure=report.figures.first())
    assert AuditEvent.objects.filter(target_type="reviews.report",
                                     target_id=str(report.pk)).exists()


def test_issued_report_is_seen_by_the_reviewing_unit_drafts_are_not(world):
    org = world.org
    submission = services.report_create(actor=None, review=world.review, unit=org.commune_a)
    # The reviewing unit is above the commune, so it sees the draft too; the region sees
    # everything below it; Cao Bằng sees nothing.
    assert Report.objects.visible_to(org.users["officer_a"]).filter(pk=submission.pk).exists()
    assert not Report.objects.visible_to(org.users["officer_b"]).filter(
        pk=submission.pk).exists()
    assert Report.objects.visible_to(org.users["clerk_commune"]).filter(
        pk=submission.pk).exists()
    central = world.central()
    assert not Report.objects.visible_to(org.users["clerk_commune"]).filter(
        pk=central.pk).exists()


def test_issued_central_report_is_read_by_the_units_under_the_reviewing_unit(world):
    org = world.org
    central = _issue(world, world.central())
    assert Report.objects.visible_to(org.users["clerk_commune"]).filter(pk=central.pk).exists()
    assert not Report.objects.visible_to(org.users["officer_b"]).filter(pk=central.pk).exists()


def test_a_plan_unit_never_reads_another_plan_units_report(world):
    """A submission goes up to the reviewing unit, not sideways: a second commune of the plan
    reads the issued central report but not the first commune's issued report."""
    from kythuat.org.models import Role, Unit, User
    from kythuat.reviews.models import PlanEntry

    org = world.org
    other = Unit.objects.create(code="LS-XA-02", name="Ban CHQS xã Chi Lăng",
                                parent=org.province_a, kind=org.commune_a.kind,
                                valid_from=org.commune_a.valid_from)
    PlanEntry.objects.create(review=world.review, unit=other, deadline=dt.date(2026, 7, 10))
    neighbour = User.objects.create(username="clerk_other", unit=other, role=Role.CLERK)
    submission = services.report_create(actor=None, review=world.review, unit=org.commune_a)
    submission = _issue(world, submission, user="officer_a")
    central = _issue(world, world.central())
    visible = Report.objects.visible_to(neighbour)
    assert not visible.filter(pk=submission.pk).exists()
    assert visible.filter(pk=central.pk).exists()
    assert Report.objects.visible_to(org.users["officer_a"]).filter(pk=submission.pk).exists()
