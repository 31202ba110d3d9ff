"""Contests: list and Excel, setting one up with its events, the page with its results, and
entering or removing a result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error, filters_in_words
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import Column, export_info, export_response
from kythuat.org import permissions
from kythuat.org.models import Role, Unit

from .. import selectors, services
from ..filters import ContestFilter
from ..forms import ContestForm, EntryForm
from ..models import Contest, ContestEntry
from .common import ensure_draft, request_unit


@login_required
@vary_on_headers("HX-Request")
def contest_list(request: AuthedRequest) -> HttpResponse:
    request_unit(request)
    contests = selectors.contest_list(user=request.user, filters=request.GET)
    context = {"form": ContestFilter(request.GET, user=request.user).form,
               "page": paginate(request, contests),
               "can_create": request.user.has_role(Role.CLERK)}
    template = "training/_contest_rows.html" if request.htmx else "training/contest_list.html"
    return render(request, template, context)


@login_required
@require_GET
def contest_export(request: AuthedRequest) -> HttpResponse:
    """Every result of the listed contests, one line each."""
    unit = request_unit(request) or request.user.unit
    form = ContestFilter(request.GET, user=request.user).form
    contests = selectors.contest_list(user=request.user, filters=request.GET)
    entries = (ContestEntry.objects.visible_to(request.user)
               .filter(contest__in=contests.values("pk"))
               .select_related("contest", "contest__level", "event", "person", "unit", "prize")
               .order_by("-contest__held_on", "contest", "event__order", "placing"))
    columns = [Column(_("Contest")), Column(_("Level")), Column(_("Date")), Column(_("Event")),
               Column(_("Participant")), Column(_("Unit")), Column(_("Score")),
               Column(_("Placing")), Column(_("Prize"))]
    rows = ([e.contest.name, e.contest.level.name, e.contest.held_on,
             e.event.name if e.event else _("The whole contest"),
             str(e.person) if e.person else e.team_label, e.unit.name, e.score, e.placing,
             e.prize.name if e.prize else ""] for e in entries.iterator(chunk_size=2000))
    info = export_info(unit=unit.name if unit else "", filters=filters_in_words(form))
    return export_response("xlsx", name=_("contest results"), title=_("Contest results"),
                           info=info, columns=columns, rows=rows)


@login_required
@require_http_methods(["GET", "POST"])
def contest_create(request: AuthedRequest) -> HttpResponse:
    form = ContestForm(request.POST or None, user=request.user, initial={
        "unit": request.user.unit_id, "held_on": timezone.localdate()})
    if form.is_valid():
        try:
            contest = services.contest_create(actor=request.user, **form.service_data())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Contest recorded; enter its results."))
            return redirect_after_post(request, contest.get_absolute_url())
    return render(request, "training/form.html", {
        "form": form, "title": _("New contest"), "back": "training:contest-list"})


def _visible_contest(request: AuthedRequest, pk: int) -> Contest:
    return get_object_or_404(Contest.objects.visible_to(request.user)
                             .select_related("unit", "level"), pk=pk)


def _entry_form(request: AuthedRequest, contest: Contest, data=None) -> EntryForm:
    people = selectors.people_for(user=request.user, unit=contest.unit)
    units = Unit.objects.visible_to(request.user).within(contest.unit)
    return EntryForm(data, contest=contest, people=people, units=units)


@login_required
def contest_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    contest = _visible_contest(request, pk)
    return _contest_page(request, contest, None)


def _contest_page(request: AuthedRequest, contest: Contest, form: EntryForm | None,
                  ) -> HttpResponse:
    can_edit = permissions.can_draft(request.user, contest.unit)
    entries = list(selectors.contest_entries(user=request.user, contest=contest))
    prizes: dict = {}
    for entry in entries:
        if entry.prize:
            prizes[entry.prize] = prizes.get(entry.prize, 0) + 1
    context = {"contest": contest, "entries": entries, "events": contest.events.all(),
               "prizes": [(prize.name, count) for prize, count in
                          sorted(prizes.items(), key=lambda pair: pair[0].order)],
               "can_edit": can_edit,
               "form": form or (_entry_form(request, contest) if can_edit else None)}
    return render(request, "training/contest_detail.html", context,
                  status=400 if form is not None and form.errors else 200)


@login_required
@require_POST
def contest_event_add(request: AuthedRequest, pk: int) -> HttpResponse:
    contest = _visible_contest(request, pk)
    ensure_draft(request, contest.unit, _("You may not change this contest."))
    try:
        services.contest_event_add(actor=request.user, contest=contest,
                                   name=request.POST.get("name", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Event added."))
    return redirect_after_post(request, contest.get_absolute_url())


@login_required
@require_POST
def contest_entry_add(request: AuthedRequest, pk: int) -> HttpResponse:
    contest = _visible_contest(request, pk)
    ensure_draft(request, contest.unit, _("You may not change this contest."))
    form = _entry_form(request, contest, request.POST)
    if form.is_valid():
        try:
            services.contest_entry_add(actor=request.user, contest=contest,
                                       **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Result recorded."))
            return redirect_after_post(request, contest.get_absolute_url())
    return _contest_page(request, contest, form)


@login_required
@require_POST
def contest_entry_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(ContestEntry.objects.visible_to(request.user)
                              .select_related("contest__unit"), pk=pk)
    ensure_draft(request, entry.contest.unit, _("You may not change this contest."))
    services.contest_entry_remove(actor=request.user, entry=entry)
    messages.success(request, _("Result removed."))
    return redirect_after_post(request, entry.contest.get_absolute_url())


