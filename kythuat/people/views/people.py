"""The people list and its export, a person's page, and the forms of a person's record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error, filters_in_words
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import Column, export_info, export_response
from kythuat.org import permissions
from kythuat.org.models import Role

from .. import selectors, services
from ..forms import CertificateForm, LeaveForm, LevelForm, MoveForm, PersonForm
from ..models import Person
from ..sections import sections_for
from .common import check_unit, form_page, query_without_page


def _levels_text(levels) -> str:
    return "; ".join(f"{lv.trade.name} {lv.level}/{lv.trade.ladder_size}" for lv in levels)


@login_required
@vary_on_headers("HX-Request")
def person_list(request: AuthedRequest) -> HttpResponse:
    check_unit(request)
    filtered = selectors.person_filter(user=request.user, filters=request.GET)
    form, people = filtered.form, filtered.qs
    page = paginate(request, people)
    levels = selectors.current_levels([p.pk for p in page.object_list])
    for person in page.object_list:
        person.levels = levels.get(person.pk, [])
    context = {"form": form, "page": page, "query": query_without_page(request),
               "count": page.paginator.count, "can_create": request.user.has_role(Role.CLERK)}
    template = "people/_person_rows.html" if request.htmx else "people/person_list.html"
    return render(request, template, context)


@login_required
@require_GET
def person_export(request: AuthedRequest) -> FileResponse:
    """Exactly the people the list shows with the same filters."""
    check_unit(request)
    filtered = selectors.person_filter(user=request.user, filters=request.GET)
    form, people = filtered.form, filtered.qs
    levels = selectors.current_levels(people.values("pk"))
    columns = [Column(str(title)) for title in (
        _("Full name"), _("Rank"), _("Category"), _("Date of birth"), _("Position"), _("Unit"),
        _("Skill levels"), _("Serving"))]
    rows = ([p.full_name, p.rank, p.category.name, p.date_of_birth, p.position, p.unit.name,
             _levels_text(levels.get(p.pk, [])), _("yes") if p.is_active else _("no")]
            for p in people)
    unit = request.user.unit.name if request.user.unit_id else ""
    return export_response("xlsx", title=_("Technical staff"), name=_("technical-staff"),
                           info=export_info(unit=unit, filters=filters_in_words(form),
                                            count=people.count()),
                           columns=columns, rows=rows)


def _history(person: Person) -> list[dict]:
    """The levels of each trade, newest first, grouped by trade."""
    trades: dict[int, dict] = {}
    for level in person.skill_levels.select_related("trade").order_by("trade__order",
                                                                      "-started_on"):
        entry = trades.setdefault(level.trade_id, {"trade": level.trade, "levels": []})
        entry["levels"].append(level)
    return list(trades.values())


@login_required
def person_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    person = selectors.visible_person(request.user, pk)
    can_draft = permissions.can_draft(request.user, person.unit)
    today = timezone.localdate()
    certificates = list(person.certificates.select_related("kind", "trade")
                        .order_by("kind__order", "-issued_on"))
    for certificate in certificates:
        certificate.expired = certificate.valid_until is not None and \
            certificate.valid_until < today
    return render(request, "people/person_detail.html", {
        "person": person,
        "assignments": person.assignments.select_related("unit").order_by("-started_on"),
        "trades": _history(person),
        "exams": person.exam_entries.select_related("session", "session__unit", "trade")
        .order_by("-session__held_on"),
        "certificates": certificates,
        "sections": [(title, render_to_string(section.template, {
            **section.context, "person": person}, request=request))
            for title, section in sections_for(person, request.user)],
        "can_draft": can_draft and person.is_active,
    })


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: AuthedRequest) -> HttpResponse:
    permissions.ensure_can_draft(request.user, request.user.unit)
    form = PersonForm(request.POST or None, user=request.user, initial={
        "unit": request.user.unit_id, "started_on": timezone.localdate()})
    if form.is_valid():
        try:
            person = services.person_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Person recorded."))
            return redirect_after_post(request, person.get_absolute_url())
    return form_page(request, form, title=_("New person"), back=reverse("people:person-list"))


def _person_form(request: AuthedRequest, person: Person, form, title: str, action) \
        -> HttpResponse:
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect_after_post(request, person.get_absolute_url())
    return form_page(request, form, title=title, back=person.get_absolute_url(),
                     subtitle=str(person), crumbs=[(str(person), person.get_absolute_url())])


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    person = selectors.visible_person(request.user, pk)
    permissions.ensure_can_draft(request.user, person.unit)
    initial = {name: getattr(person, name) for name in (
        "full_name", "rank", "category", "date_of_birth", "position", "note")}
    form = PersonForm(request.POST or None, user=request.user, editing=True, initial=initial)
    return _person_form(request, person, form, _("Edit the person's record"), lambda data:
                        services.person_update(actor=request.user, person=person, data=data))


@login_required
@require_http_methods(["GET", "POST"])
def person_move(request: AuthedRequest, pk: int) -> HttpResponse:
    person = selectors.visible_person(request.user, pk)
    permissions.ensure_can_draft(request.user, person.unit)
    form = MoveForm(request.POST or None, user=request.user,
                    initial={"started_on": timezone.localdate()})
    return _person_form(request, person, form, _("Move to another unit"), lambda data:
                        services.person_move(actor=request.user, person=person, **data))


@login_required
@require_http_methods(["GET", "POST"])
def person_leave(request: AuthedRequest, pk: int) -> HttpResponse:
    person = selectors.visible_person(request.user, pk)
    permissions.ensure_can_draft(request.user, person.unit)
    form = LeaveForm(request.POST or None, initial={"left_on": timezone.localdate()})
    return _person_form(request, person, form, _("End of service"), lambda data:
                        services.person_leave(actor=request.user, person=person, **data))


@login_required
@require_http_methods(["GET", "POST"])
def level_grant(request: AuthedRequest, pk: int) -> HttpResponse:
    """A first level, or a higher level of a trade held, by a decision."""
    person = selectors.visible_person(request.user, pk)
    permissions.ensure_can_draft(request.user, person.unit)
    form = LevelForm(request.POST or None, initial={"started_on": timezone.localdate()})

    def save(data):
        held = person.skill_levels.filter(trade=data["trade"], ended_on__isnull=True).exists()
        action = services.skill_level_raise if held else services.skill_level_grant
        return action(actor=request.user, person=person, **data)

    return _person_form(request, person, form, _("Grant or raise a skill level"), save)


@login_required
@require_http_methods(["GET", "POST"])
def certificate_add(request: AuthedRequest, pk: int) -> HttpResponse:
    person = selectors.visible_person(request.user, pk)
    permissions.ensure_can_draft(request.user, person.unit)
    form = CertificateForm(request.POST or None)
    return _person_form(request, person, form, _("Add a certificate"), lambda data:
                        services.certificate_add(actor=request.user, person=person, **data))
