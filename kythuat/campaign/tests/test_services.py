"""The rules of Campaign 50, as an officer would notice them: weights that add up, scores in
range, evidence for what the unit assesses itself, reasons for the higher level's differences,
computed scores frozen at the scoring date, and who may do what."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from kythuat.audit.models import AuditEvent
from kythuat.campaign import services
from kythuat.campaign.models import Criterion, CriterionGroup, Score, Sheet

from .conftest import YEAR, grid, own_scores, reviews

pytestmark = pytest.mark.django_db


def test_weights_of_a_group_must_add_up_to_its_points(phase, level):
    groups = grid()
    groups[0]["criteria"][0]["max_points"] = 25
    with pytest.raises(ValidationError) as error:
        services.grid_save(actor=None, phase=phase, level=level, groups=groups)
    expected = gettext(
        "The criteria of objective %(number)s add up to %(sum)s points, not the %(total)s "
        "points of the objective; change the weights so that they add up to %(total)s.") % {
        "number": 1, "sum": "45", "total": "50"}
    assert error.value.messages == [expected]
    assert not CriterionGroup.objects.filter(phase=phase).exists()


def test_groups_must_add_up_to_the_phase_total(phase, level):
    groups = grid()
    groups[1]["points"] = 40
    groups[1]["criteria"][1]["max_points"] = 10
    with pytest.raises(ValidationError) as error:
        services.grid_save(actor=None, phase=phase, level=level, groups=groups)
    assert "90" in error.value.messages[0]
    assert "100" in error.value.messages[0]
    assert not CriterionGroup.objects.exists()


def test_a_computed_criterion_needs_a_registered_indicator(phase, level):
    groups = grid()
    groups[0]["criteria"][0]["indicator_code"] = "nope.nope"
    with pytest.raises(ValidationError, match=r"nope\.nope"):
        services.grid_save(actor=None, phase=phase, level=level, groups=groups)
    assert not Criterion.objects.exists()


def test_only_the_system_administrator_sets_criteria(org, phase, level):
    with pytest.raises(PermissionDenied):
        services.grid_save(actor=org.users["officer_hq"], phase=phase, level=level,
                           groups=grid())


def test_criteria_are_locked_once_sheets_exist(org, phase, level, sheet_of):
    sheet_of(org.province_a)
    with pytest.raises(ValidationError) as error:
        services.grid_save(actor=None, phase=phase, level=level, groups=grid())
    assert error.value.code == "grid_in_use"


def test_a_sheet_is_opened_with_one_line_per_criterion(org, sheet_of, criteria):
    sheet = sheet_of(org.province_a)
    assert sheet.status == Sheet.Status.SELF
    assert set(sheet.scores.values_list("criterion__number", flat=True)) == set(criteria)
    assert AuditEvent.objects.filter(target_type="campaign.sheet",
                                     target_id=str(sheet.pk)).exists()


def test_a_year_outside_the_levels_phase_is_refused(org, sheet_of):
    with pytest.raises(ValidationError) as error:
        sheet_of(org.province_a, year=2025)  # a province's phase is 2020–2024
    assert "2020" in error.value.messages[0]
    assert "2024" in error.value.messages[0]
    assert not Sheet.objects.exists()


@pytest.mark.parametrize("score", ["31", "-1", "abc"])
def test_a_self_score_outside_its_range_is_refused(org, criteria, sheet_of, score):
    sheet = sheet_of(org.province_a)
    with pytest.raises(ValidationError) as error:
        services.sheet_assess(actor=None, sheet=sheet,
                              entries={criteria["1.1"].pk: {"self_score": score}})
    assert "1.1" in error.value.messages[0]
    assert not Score.objects.filter(self_score__isnull=False).exists()


def test_self_assessed_without_evidence_or_explanation_is_refused(org, criteria, sheet_of):
    sheet = sheet_of(org.province_a)
    entries = own_scores(criteria)
    entries[criteria["1.2"].pk] = {"self_score": 18}
    with pytest.raises(ValidationError) as error:
        services.sheet_assess(actor=None, sheet=sheet, entries=entries)
    assert error.value.messages == [gettext(
        "Criterion %(number)s is self-assessed: attach evidence (a file or a reference to the "
        "records) or write an explanation.") % {"number": "1.2"}]
    assert not Score.objects.filter(self_score__isnull=False).exists()
    entries[criteria["1.2"].pk] = {"self_score": 18, "self_note": "Không có sổ điện tử."}
    services.sheet_assess(actor=None, sheet=sheet, entries=entries)
    sheet.refresh_from_db()
    assert sheet.self_total == Decimal(80)


def test_an_incomplete_sheet_cannot_be_submitted(org, criteria, sheet_of):
    sheet = sheet_of(org.province_a)
    services.sheet_assess(actor=None, sheet=sheet,
                          entries={criteria["1.1"].pk: {"self_score": 30}})
    with pytest.raises(ValidationError) as error:
        services.sheet_submit(actor=None, sheet=sheet)
    assert "1.2" in error.value.messages[0]
    sheet.refresh_from_db()
    assert sheet.status == Sheet.Status.SELF


def test_a_difference_without_a_reason_is_refused_and_changes_nothing(submitted, criteria):
    entries = reviews(criteria, **{"1.2": 15})
    with pytest.raises(ValidationError) as error:
        services.sheet_review(actor=None, sheet=submitted, entries=entries, close=True)
    assert error.value.messages == [gettext(
        "Criterion %(number)s: the higher level's score (%(review)s) differs from the self "
        "score; write the reason for the difference.") % {"number": "1.2", "review": "15"}]
    submitted.refresh_from_db()
    assert submitted.status == Sheet.Status.SUBMITTED
    assert not Score.objects.filter(review_score__isnull=False).exists()
    assert not Score.objects.filter(computed_at__isnull=False).exists()


def test_a_difference_from_the_computed_score_needs_a_reason(submitted, criteria):
    entries = reviews(criteria, **{"3.1": 12})
    services.sheet_review(actor=None, sheet=submitted, entries=entries)
    entries = reviews(criteria, **{"1.1": 0})
    with pytest.raises(ValidationError, match=r"1\.1"):
        services.sheet_review(actor=None, sheet=submitted, entries=entries, close=True)
    entries[criteria["1.1"].pk]["review_reason"] = "Phiếu ghi sổ chậm 2 tháng."
    sheet = services.sheet_review(actor=None, sheet=submitted, entries=entries, close=True)
    assert sheet.status == Sheet.Status.SCORED
    assert sheet.review_total == Decimal(50)


def test_a_review_score_outside_the_range_is_refused(submitted, criteria):
    with pytest.raises(ValidationError) as error:
        services.sheet_review(actor=None, sheet=submitted,
                              entries=reviews(criteria, **{"3.2": 21}), close=True)
    assert "3.2" in error.value.messages[0]
    assert "21" in error.value.messages[0]
    submitted.refresh_from_db()
    assert submitted.status == Sheet.Status.SUBMITTED


def test_closing_freezes_the_computed_scores(org, submitted, criteria):
    sheet = services.sheet_review(actor=None, sheet=submitted, entries=reviews(criteria),
                                  close=True)
    line = sheet.scores.get(criterion=criteria["3.1"])
    assert (line.computed_value, line.computed_score) == (Decimal(4), Decimal(12))
    assert (line.period_start, line.period_end) == (dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    assert line.computed_at is not None
    # A receipt posted later into the closed year changes the records, not the score.
    org.rifles(org.province_a, "LS-5", "LS-6", day=dt.date(YEAR, 11, 1))
    line.refresh_from_db()
    assert (line.computed_value, line.computed_score) == (Decimal(4), Decimal(12))
    from kythuat.campaign.selectors import sheet_sections

    shown = {line.criterion.number: line.computed for section in sheet_sections(sheet)
             for line in section.lines}
    assert shown["3.1"] == Decimal(12)
    assert services.live_computed(sheet)[criteria["3.1"].pk].score == Decimal(18)


def test_a_closed_sheet_cannot_be_scored_again(submitted, criteria):
    services.sheet_review(actor=None, sheet=submitted, entries=reviews(criteria), close=True)
    with pytest.raises(ValidationError):
        services.sheet_review(actor=None, sheet=submitted, entries=reviews(criteria))


def test_only_the_unit_assesses_itself(org, criteria, sheet_of):
    sheet = sheet_of(org.province_a)
    with pytest.raises(PermissionDenied):
        services.sheet_assess(actor=org.users["officer_hq"], sheet=sheet,
                              entries=own_scores(criteria))
    services.sheet_assess(actor=org.users["clerk_a"], sheet=sheet, entries=own_scores(criteria))
    with pytest.raises(PermissionDenied):
        services.sheet_submit(actor=org.users["clerk_a"], sheet=sheet)
    services.sheet_submit(actor=org.users["officer_a"], sheet=sheet)


def test_only_a_unit_above_scores(org, submitted, criteria):
    for user in ("officer_a", "officer_b"):
        with pytest.raises(PermissionDenied):
            services.sheet_review(actor=org.users[user], sheet=submitted,
                                  entries=reviews(criteria))
    services.sheet_review(actor=org.users["officer_hq"], sheet=submitted,
                          entries=reviews(criteria), close=True)


def test_a_committee_has_one_head(org, phase):
    members = [{"name": "Nguyễn Văn A", "role": "head"}, {"name": "Trần Văn B", "role": "head"}]
    with pytest.raises(ValidationError):
        services.committee_create(actor=None, unit=org.hq, phase=phase, members=members)
    committee = services.committee_create(actor=None, unit=org.hq, phase=phase,
                                          members=members[:1])
    assert committee.members.count() == 1


def test_a_block_holds_units_of_one_kind_under_one_superior(org, phase, level):
    with pytest.raises(ValidationError):
        services.block_create(actor=None, phase=phase, superior=org.hq, level=level,
                              name="Khối", members=[org.province_a, org.commune_a])
    block = services.block_create(actor=None, phase=phase, superior=org.hq, level=level,
                                  name="Khối tỉnh", members=[org.province_a, org.province_b])
    assert block.members.count() == 2
