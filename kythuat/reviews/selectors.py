"""Reads of the review events: the list as the user may see it, one review, its committee and
plan, and the submissions overview (which units of the plan have issued their reports, which
are late) that the reviewing unit watches."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch
from django.utils import timezone

from kythuat.directives.models import Directive
from kythuat.org import permissions
from kythuat.org.models import Unit, User

from .filters import ReviewFilter
from .models import CommitteeMember, PlanEntry, Report, Review, ReviewKind


def review_list(*, user: User, filters: Mapping[str, str] | None = None) -> QuerySet[Review]:
    reviews = (Review.objects.visible_to(user).select_related("unit", "kind")
               .annotate(plan_count=Count("plan_entries", distinct=True))
               .order_by("-period_end", "unit__path", "-pk"))
    return ReviewFilter(filters, queryset=reviews, user=user).qs


def visible_review(user: User, pk: object) -> Review:
    """The review with this id if the user may see it (its unit's subtree or a unit of its
    plan); 404 otherwise."""
    reviews = Review.objects.visible_to(user).select_related("unit", "kind", "created_by")
    return get_object_or_404(reviews, pk=pk)


def visible_member(user: User, pk: object) -> CommitteeMember:
    members = CommitteeMember.objects.visible_to(user).select_related("review", "review__unit")
    return get_object_or_404(members, pk=pk)


def visible_plan_entry(user: User, pk: object) -> PlanEntry:
    entries = PlanEntry.objects.visible_to(user).select_related("review", "review__unit",
                                                                "unit")
    return get_object_or_404(entries, pk=pk)


def member_list(*, user: User, review: Review | None = None) -> QuerySet[CommitteeMember]:
    members = CommitteeMember.objects.visible_to(user).select_related("review")
    if review is not None:
        members = members.filter(review=review)
    return members.order_by("review", "body", "order", "pk")


def plan_entry_list(*, user: User, review: Review | None = None) -> QuerySet[PlanEntry]:
    entries = PlanEntry.objects.visible_to(user).select_related("review", "unit")
    if review is not None:
        entries = entries.filter(review=review)
    return entries.order_by("review", "unit__path")


def reviewed_directives(*, user: User, review: Review) -> QuerySet[Directive]:
    """The directives of the review that the user may see (a plan unit may not see a
    directive of a unit beside it)."""
    return (Directive.objects.visible_to(user).filter(reviews=review)
            .select_related("kind", "issuer").order_by("issued_on", "pk"))


def review_kinds(*, active_only: bool = False) -> QuerySet[ReviewKind]:
    kinds = ReviewKind.objects.all()
    return kinds.filter(is_active=True) if active_only else kinds


def plannable_units(*, review: Review) -> QuerySet[Unit]:
    """Units that the plan may still name: below the reviewing unit, in use, not planned."""
    return (Unit.objects.within(review.unit).exclude(pk=review.unit_id).active()
            .exclude(pk__in=review.plan_entries.values("unit_id")).order_by("path"))


def central_report(*, user: User, review: Review) -> Report | None:
    """The reviewing unit's own report for the review, if it exists and the user may see it."""
    return (Report.objects.visible_to(user).filter(review=review, unit=review.unit_id)
            .select_related("number").first())


# Submissions -------------------------------------------------------------------------------

NO_REPORT, DRAFT, ISSUED = "none", "draft", "issued"


@dataclass(frozen=True)
class SubmissionRow:
    """One unit of the plan and where its report stands. `shown` is False when the user may
    see the plan but not this unit's report (a unit beside theirs)."""

    entry: PlanEntry
    report: Report | None
    state: str  # NO_REPORT, DRAFT or ISSUED
    is_late: bool
    days_late: int
    shown: bool = True
    report_url: str = ""

    @property
    def unit(self) -> Unit:
        return self.entry.unit

    @property
    def deadline(self) -> dt.date:
        return self.entry.deadline

    @property
    def issued_on(self) -> dt.date | None:
        return self.report.issued_on if self.report is not None and self.state == ISSUED else None

    @property
    def is_submitted(self) -> bool:
        return self.state == ISSUED


@dataclass(frozen=True)
class Submissions:
    rows: list[SubmissionRow]
    today: dt.date

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def submitted(self) -> int:
        return sum(1 for row in self.rows if row.shown and row.is_submitted)

    @property
    def submitted_late(self) -> int:
        return sum(1 for row in self.rows if row.shown and row.is_submitted and row.is_late)

    @property
    def missing(self) -> int:
        """Reports not issued yet (no report or still a draft), whether due or not."""
        return sum(1 for row in self.rows if row.shown and not row.is_submitted)

    @property
    def overdue(self) -> int:
        """Reports not issued whose deadline has passed."""
        return sum(1 for row in self.rows if row.shown and not row.is_submitted and row.is_late)

    @property
    def late(self) -> int:
        """Issued after the deadline, or not issued with the deadline passed."""
        return self.submitted_late + self.overdue


def _state(report: Report | None) -> str:
    if report is None:
        return NO_REPORT
    return ISSUED if report.status == Report.Status.ISSUED else DRAFT


def lateness(deadline: dt.date, state: str, issued_on: dt.date | None,
             today: dt.date) -> tuple[bool, int]:
    """(late, days late): issued after the deadline, or not issued and the deadline passed."""
    if state == ISSUED and issued_on is not None:
        days = (issued_on - deadline).days
    else:
        days = (today - deadline).days
    return days > 0, max(days, 0)


def review_submissions(*, user: User, review: Review, today: dt.date | None = None
                       ) -> Submissions:
    """The plan with each unit's report: none, draft or issued on a date; late and by how
    many days. A user of the reviewing unit's subtree sees every row; a user of a plan unit
    sees the state of the reports of their own subtree only."""
    today = today or timezone.localdate()
    if review.status in (Review.Status.ISSUED, Review.Status.HELD):
        # A report still missing when the central report was issued is counted late up to
        # that day, not for ever after.
        closed = (Report.objects.filter(review=review, unit=review.unit_id)
                  .values_list("issued_on", flat=True).first() or review.conference_date)
        today = min(today, closed) if closed else today
    entries = list(review.plan_entries.select_related("unit").order_by("unit__path"))
    reports = {report.unit_id: report for report in Report.objects.filter(
        review=review, unit__in=[entry.unit_id for entry in entries])}
    linkable = set(Report.objects.visible_to(user).filter(
        pk__in=[report.pk for report in reports.values()]).values_list("pk", flat=True))
    sees_all = permissions.can_view_unit(user, review.unit)
    rows = []
    for entry in entries:
        shown = sees_all or permissions.can_view_unit(user, entry.unit)
        report = reports.get(entry.unit_id) if shown else None
        state = _state(report)
        late, days = lateness(entry.deadline, state, report.issued_on if report else None,
                              today)
        url = ""
        if report is not None and report.pk in linkable:
            try:
                url = report.get_absolute_url()
            except NoReverseMatch:  # the report screens are not installed
                url = ""
        rows.append(SubmissionRow(entry=entry, report=report, state=state,
                                  is_late=late if shown else False,
                                  days_late=days if shown else 0, shown=shown,
                                  report_url=url))
    return Submissions(rows=rows, today=today)
