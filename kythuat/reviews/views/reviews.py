"""The review screens: the list and its export, a review's page (header, directives, committee,
plan with the submissions, central report), its forms, the committee and plan editing, and
the submissions overview with its export."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error, filters_in_words
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import Column, export_info, export_response
from kythuat.org import permissions
from kythuat.org.selectors import default_unit, unit_from_request

from .. import selectors
from ..filters import ReviewFilter
from ..forms import MemberForm, PlanAllForm, PlanEntryForm, ReviewForm, StatusForm, can_create
from ..models import Review
from ..services import reviews as services


def _list_query(request: AuthedRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _url(name: str, *args: Any) -> str:
    """A route of the report screens, or "" while they are not installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@login_required
@vary_on_headers("HX-Request")
def review_list(request: AuthedRequest) -> HttpResponse:
    if request.GET.get("unit"):
        unit_from_request(request.user, request.GET["unit"])  # 404 outside the subtree
    form = ReviewFilter(request.GET, user=request.user).form
    reviews = selectors.review_list(user=request.user, filters=request.GET)
    context = {"form": form, "page": paginate(request, reviews), "count": reviews.count(),
               "query": _list_query(request), "can_create": can_create(request.user)}
    template = "reviews/_review_rows.html" if request.htmx else "reviews/review_list.html"
    return render(request, template, context)


@login_required
@require_GET
def review_export(request: AuthedRequest) -> FileResponse:
    unit = (unit_from_request(request.user, request.GET["unit"]) if request.GET.get("unit")
            else default_unit(request.user))
    form = ReviewFilter(request.GET, user=request.user).form
    reviews = selectors.review_list(user=request.user, filters=request.GET)
    columns = [Column(str(title)) for title in (
        _("Title"), _("Kind"), _("Reviewing unit"), _("Period from"), _("Period to"),
        _("Conference date"), _("Conference place"), _("Status"), _("Units in the plan"))]
    rows = ([r.title, r.kind.name, r.unit.name, r.period_start, r.period_end,
             r.conference_date, r.conference_place, r.get_status_display(), r.plan_count]
            for r in reviews)
    return export_response("xlsx", title=_("Reviews"), name=_("reviews"),
                           info=export_info(unit=unit.name, filters=filters_in_words(
                               form, exclude=("unit",)), count=reviews.count()),
                           columns=columns, rows=rows)


def detail_context(request: AuthedRequest, review: Review, **extra: Any) -> dict[str, Any]:
    user = request.user
    writable = services.can_edit(user, review)
    report = selectors.central_report(user=user, review=review)
    create_url = ""
    if report is None and writable:
        base = _url("reviews:report-create", review.pk)
        create_url = f"{base}?unit={review.unit_id}" if base else ""
    context = {
        "review": review,
        "directives": selectors.reviewed_directives(user=user, review=review),
        "members": review.members.order_by("body", "order", "pk"),
        "submissions": selectors.review_submissions(user=user, review=review),
        "report": report, "report_create_url": create_url,
        "can_write": writable,
        "can_edit_plan": writable and review.status not in services.FROZEN,
        "plan_only": not permissions.can_view_unit(user, review.unit),
        "status_form": StatusForm(review=review) if writable else None,
    }
    return {**context, **extra}


@login_required
@require_GET
def review_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    review = selectors.visible_review(request.user, pk)
    return render(request, "reviews/review_detail.html", detail_context(request, review))


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request: AuthedRequest) -> HttpResponse:
    form = ReviewForm(request.POST or None, user=request.user)
    if form.is_valid():
        try:
            review = services.review_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Review recorded."))
            return redirect_after_post(request, review.get_absolute_url())
    return render(request, "reviews/review_form.html", {"form": form, "title": _("New review")})


@login_required
@require_http_methods(["GET", "POST"])
def review_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    review = selectors.visible_review(request.user, pk)
    services.ensure_can_edit(request.user, review.unit)
    form = ReviewForm(request.POST or None, user=request.user, review=review,
                      initial=ReviewForm.initial_of(review))
    if form.is_valid():
        try:
            services.review_update(actor=request.user, review=review,
                                   data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Review saved."))
            return redirect_after_post(request, review.get_absolute_url())
    return render(request, "reviews/review_form.html",
                  {"form": form, "review": review, "title": _("Edit review")})


@login_required
@require_POST
def review_status(request: AuthedRequest, pk: int) -> HttpResponse:
    review = selectors.visible_review(request.user, pk)
    services.ensure_can_edit(request.user, review.unit)
    form = StatusForm(request.POST, review=review)
    if form.is_valid():
        try:
            review = services.review_status_set(actor=request.user, review=review,
                                                **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The status of the review is now: %(status)s.")
                             % {"status": review.get_status_display()})
            return redirect_after_post(request, review.get_absolute_url())
    if request.htmx:
        return render(request, "reviews/_review_status_form.html",
                      {"review": review, "status_form": form})
    return render(request, "reviews/review_detail.html",
                  detail_context(request, review, status_form=form))


def _part_form(request: AuthedRequest, review: Review, *, form, partial: str, title: str,
               action: str) -> HttpResponse:
    """A committee or plan form: alone for htmx (it opens in the review's page), otherwise in
    a page of its own."""
    context = {"form": form, "review": review, "title": title, "action": action,
               "partial": partial}
    if request.htmx:
        return render(request, partial, context)
    return render(request, "reviews/review_part_form.html", context)


def _saved(request: AuthedRequest, review: Review, message: str, anchor: str) -> HttpResponse:
    messages.success(request, message)
    return redirect_after_post(request, f"{review.get_absolute_url()}#{anchor}")


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request: AuthedRequest, pk: int) -> HttpResponse:
    review = selectors.visible_review(request.user, pk)
    services.ensure_can_edit(request.user, review.unit)
    form = MemberForm(request.POST or None, user=request.user)
    if form.is_valid():
        try:
            services.member_add(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _saved(request, review, _("Member added."), "committee")
    return _part_form(request, review, form=form, partial="reviews/_review_member_form.html",
                      title=_("New member"), action=reverse("reviews:member-create",
                                                            args=[review.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    member = selectors.visible_member(request.user, pk)
    review = member.review
    services.ensure_can_edit(request.user, review.unit)
    form = MemberForm(request.POST or None, initial=MemberForm.initial_of(member),
                      user=request.user)
    if form.is_valid():
        try:
            services.member_update(actor=request.user, member=member, data=form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _saved(request, review, _("Member saved."), "committee")
    return _part_form(request, review, form=form, partial="reviews/_review_member_form.html",
                      title=_("Edit member %(name)s") % {"name": member.name},
                      action=reverse("reviews:member-edit", args=[member.pk]))


@login_required
@require_POST
def member_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    member = selectors.visible_member(request.user, pk)
    review = member.review
    services.member_remove(actor=request.user, member=member)
    return _saved(request, review, _("Member removed."), "committee")


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: AuthedRequest, pk: int) -> HttpResponse:
    review = selectors.visible_review(request.user, pk)
    services.ensure_can_edit(request.user, review.unit)
    form = PlanEntryForm(request.POST or None, review=review)
    if form.is_valid():
        try:
            services.plan_entry_add(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _saved(request, review, _("Unit added to the plan."), "plan")
    return _part_form(request, review, form=form, partial="reviews/_review_plan_form.html",
                      title=_("Add a unit to the plan"),
                      action=reverse("reviews:plan-create", args=[review.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def plan_all(request: AuthedRequest, pk: int) -> HttpResponse:
    review = selectors.visible_review(request.user, pk)
    services.ensure_can_edit(request.user, review.unit)
    form = PlanAllForm(request.POST or None)
    if form.is_valid():
        try:
            entries = services.plan_subordinates(actor=request.user, review=review,
                                                 **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _saved(request, review, _("%(count)s units added to the plan.")
                          % {"count": len(entries)}, "plan")
    return _part_form(request, review, form=form, partial="reviews/_review_plan_form.html",
                      title=_("Plan all direct subordinates"),
                      action=reverse("reviews:plan-all", args=[review.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    entry = selectors.visible_plan_entry(request.user, pk)
    review = entry.review
    services.ensure_can_edit(request.user, review.unit)
    form = PlanEntryForm(request.POST or None, review=review, entry=entry,
                         initial={"deadline": entry.deadline, "note": entry.note})
    if form.is_valid():
        try:
            services.plan_entry_update(actor=request.user, entry=entry, data=form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _saved(request, review, _("Plan saved."), "plan")
    return _part_form(request, review, form=form, partial="reviews/_review_plan_form.html",
                      title=_("Deadline of %(unit)s") % {"unit": entry.unit.name},
                      action=reverse("reviews:plan-edit", args=[entry.pk]))


@login_required
@require_POST
def plan_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    entry = selectors.visible_plan_entry(request.user, pk)
    review = entry.review
    try:
        services.plan_entry_remove(actor=request.user, entry=entry)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect_after_post(request, f"{review.get_absolute_url()}#plan")
    return _saved(request, review, _("Unit removed from the plan."), "plan")


@login_required
@require_GET
def review_submissions(request: AuthedRequest, pk: int) -> HttpResponse:
    review = selectors.visible_review(request.user, pk)
    submissions = selectors.review_submissions(user=request.user, review=review)
    return render(request, "reviews/review_submissions.html",
                  {"review": review, "submissions": submissions})


@login_required
@require_GET
def review_submissions_export(request: AuthedRequest, pk: int) -> FileResponse:
    review = selectors.visible_review(request.user, pk)
    submissions = selectors.review_submissions(user=request.user, review=review)
    labels = {"none": _("no report"), "draft": _("draft"), "issued": _("issued")}
    columns = [Column(str(title)) for title in (
        _("Unit"), _("Report due by"), _("Report"), _("Date issued"), _("Late"),
        _("Days late"))]
    rows = ([row.unit.name, row.deadline, labels[row.state] if row.shown else "",
             row.issued_on, (_("yes") if row.is_late else _("no")) if row.shown else "",
             row.days_late or None]
            for row in submissions.rows)
    info = [(_("Review"), review.title), (_("Reviewing unit"), review.unit.name),
            (_("Submitted"), f"{submissions.submitted}/{submissions.total}"),
            (_("Late"), submissions.late), (_("Missing"), submissions.missing),
            *export_info(unit=review.unit.name, filters="")[1:2]]
    return export_response("xlsx", title=_("Reports of the units in the plan"),
                           name=_("review-submissions"), info=info, columns=columns, rows=rows)
