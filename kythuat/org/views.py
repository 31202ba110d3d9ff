"""Screens of the organisation: the unit tree, unit pages, the users of a subtree.

Figures (holdings by grade) and facilities of a unit come from their own apps' screens, loaded
into the unit page with htmx, so org does not import the apps that depend on it.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers
from rest_framework.authtoken.models import Token

from kythuat.core.forms import add_service_error as show_error
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.querystring import id_param
from kythuat.core.text import fold
from kythuat.core.types import AuthedRequest

from . import lockout, permissions, selectors, services
from .forms import UnitForm, UnitMoveForm, UnitSearchForm, UserForm, UserPasswordForm
from .models import Unit, User
from .querysets import subtree_ids
from .selectors import managed_users, visible_unit

CHILDREN_LIMIT = 500  # a unit with more direct children is browsed by searching


# Units ----------------------------------------------------------------------------------------


def _base_depth(user: User) -> int:
    return user.unit.depth if user.unit_id else 0


def _tree_roots(user: User) -> set[int]:
    """Where the user's tree starts: their unit, or every top unit for the system
    administrator."""
    if user.unit_id:
        return {user.unit_id}
    return set(
        Unit.objects.visible_to(user).filter(parent__isnull=True).values_list("pk", flat=True)
    )


def _rows(units: QuerySet[Unit], *, dissolved: bool) -> QuerySet[Unit]:
    """Units with the number of children the tree shows under them."""
    if dissolved:
        counted = Count("children")
    else:
        units = units.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate()))
        counted = Count(
            "children",
            filter=Q(children__valid_to__isnull=True)
            | Q(children__valid_to__gte=timezone.localdate()),
        )
    return units.select_related("kind").annotate(child_count=counted).order_by("path")


def _levelled(
    units, base_depth: int, *, expanded: set[int] = frozenset(), flat: bool = False
) -> list[Unit]:
    """Rows with their indent below the user's unit; a flat list (search results) names each
    row's parent instead, when that parent is visible."""
    rows = list(units)
    for unit in rows:
        unit.level = 0 if flat else max(unit.depth - base_depth, 0)
        unit.is_expanded = unit.pk in expanded
        unit.shown_parent = unit.parent if flat and unit.depth > base_depth else None
    return rows


def _as_at(value: str | None) -> dt.date | str | None:
    """The date of the tree "as at" (dd/mm/yyyy); "" for none, None for a bad value."""
    if not value:
        return ""
    try:
        day, month, year = (int(part) for part in value.strip().split("/"))
        return dt.date(year, month, day)
    except ValueError:
        return None


@login_required
@vary_on_headers("HX-Request")
def unit_list(request: AuthedRequest) -> HttpResponse:
    on = _as_at(request.GET.get("on"))
    if on:
        units = selectors.tree_then(
            list(selectors.tree_as_at(user=request.user, day=on)[:CHILDREN_LIMIT * 4]), on)
        context = {"on": on, "units": units, "limit": CHILDREN_LIMIT * 4}
        template = "org/_unit_tree_as_at.html" if request.htmx else "org/unit_tree_as_at.html"
        return render(request, template, context)
    if on is None:
        messages.error(request, _("Write the date as day/month/year, for example 30/06/2025."))
    form = UnitSearchForm(request.GET)
    form.is_valid()
    query = fold(form.cleaned_data.get("q", ""))
    dissolved = bool(form.cleaned_data.get("dissolved"))
    units = Unit.objects.visible_to(request.user)
    roots = _tree_roots(request.user)
    if query:
        units = units.filter(search_text__contains=query).select_related("parent")
    else:
        units = units.filter(Q(pk__in=roots) | Q(parent__in=roots))
    page = paginate(request, _rows(units, dissolved=dissolved))
    export_query = request.GET.copy()
    export_query.pop("page", None)
    page.object_list = _levelled(
        page.object_list, _base_depth(request.user), expanded=roots, flat=bool(query)
    )
    context = {
        "form": form,
        "page": page,
        "searching": bool(query),
        "dissolved": dissolved,
        "base_depth": _base_depth(request.user),
        "query": export_query.urlencode(),
    }
    template = "org/_unit_tree.html" if request.htmx else "org/unit_list.html"
    return render(request, template, context)


@login_required
def unit_children(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = visible_unit(request.user, pk)
    dissolved = request.GET.get("dissolved") in ("1", "on", "true")
    children = _rows(unit.children.all(), dissolved=dissolved)[:CHILDREN_LIMIT]
    context = {"units": _levelled(children, _base_depth(request.user)), "dissolved": dissolved}
    return render(request, "org/_unit_rows.html", context)


@login_required
def unit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = visible_unit(request.user, pk)
    can_manage = permissions.can_manage_users(request.user, unit)
    context = {
        "unit": unit,
        "ancestors": unit.ancestors(include_self=False).visible_to(request.user),
        "children": _levelled(_rows(unit.children.all(), dissolved=True), unit.depth),
        "users": unit.users.order_by("username") if can_manage else None,
        "can_manage": can_manage,
        "can_post": permissions.can_post(request.user, unit),
        "is_active": unit.is_active(),
        "lineage": selectors.lineage(unit),
        "former_names": unit.former_names.order_by("valid_from"),
    }
    return render(request, "org/unit_detail.html", context)


def _ensure_can_manage(user: User, unit: Unit) -> None:
    if not permissions.can_manage_users(user, unit):
        raise PermissionDenied(_("Only a unit administrator may change the units of this subtree."))


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: AuthedRequest, pk: int) -> HttpResponse:
    parent = visible_unit(request.user, pk)
    _ensure_can_manage(request.user, parent)
    form = UnitForm(request.POST or None)
    if form.is_valid():
        try:
            unit = services.unit_create(actor=request.user, parent=parent, **form.cleaned_data)
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Unit %(unit)s created.") % {"unit": unit.name})
            return redirect_after_post(request, unit.get_absolute_url())
    context = {
        "form": form,
        "unit": parent,
        "title": _("New unit under %(unit)s") % {"unit": parent.name},
        "cancel_url": parent.get_absolute_url(),
    }
    return render(request, "org/unit_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = visible_unit(request.user, pk)
    _ensure_can_manage(request.user, unit)
    initial = {field: getattr(unit, field) for field in services.UNIT_FIELDS}
    form = UnitForm(request.POST or None, initial=initial, editing=True)
    if form.is_valid():
        try:
            services.unit_update(actor=request.user, unit=unit, data=dict(form.cleaned_data))
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Unit %(unit)s saved.") % {"unit": unit.name})
            return redirect_after_post(request, unit.get_absolute_url())
    context = {
        "form": form,
        "unit": unit,
        "title": _("Edit %(unit)s") % {"unit": unit.name},
        "cancel_url": unit.get_absolute_url(),
    }
    return render(request, "org/unit_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_move(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = visible_unit(request.user, pk)
    _ensure_can_manage(request.user, unit)
    form = UnitMoveForm(request.POST or None, user=request.user, unit=unit)
    if form.is_valid():
        try:
            services.unit_move(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                _("Unit %(unit)s moved under %(parent)s from %(date)s.")
                % {"unit": unit.name, "parent": form.cleaned_data["new_parent"].name,
                   "date": form.cleaned_data["on"].strftime("%d/%m/%Y")},
            )
            return redirect_after_post(request, unit.get_absolute_url())
    context = {
        "form": form,
        "unit": unit,
        "title": _("Move %(unit)s") % {"unit": unit.name},
        "cancel_url": unit.get_absolute_url(),
        "is_move": True,
    }
    return render(request, "org/unit_form.html", context)


# Users ----------------------------------------------------------------------------------------


def _filtered_users(request: AuthedRequest) -> tuple[QuerySet[User], str, Unit | None]:
    """The users of the list screen (and its export), its search text and unit filter."""
    users = managed_users(request.user).order_by("unit__path", "username")
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(position__icontains=query)
        )
    unit_pk = request.GET.get("unit")
    unit = None
    if unit_pk:  # "abc" or a number past what the database stores: 404, not 500
        if (pk := id_param(unit_pk)) is None:
            raise Http404
        unit = visible_unit(request.user, pk)
    if unit is not None:
        users = users.filter(unit__in=subtree_ids(unit))
    return users, query, unit


@login_required
@vary_on_headers("HX-Request")
def user_list(request: AuthedRequest) -> HttpResponse:
    users, query, unit = _filtered_users(request)
    export_query = request.GET.copy()
    export_query.pop("page", None)
    context = {"page": paginate(request, users), "query": query, "unit": unit,
               "export_query": export_query.urlencode()}
    if not request.htmx:
        context["failed_logins"] = lockout.failures_of_users(managed_users(request.user))
    template = "org/_user_rows.html" if request.htmx else "org/user_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: AuthedRequest) -> HttpResponse:
    managed_users(request.user)  # refuses those who may not manage users
    initial = {"unit": request.GET.get("unit") or request.user.unit_id, "role": "viewer"}
    form = UserForm(request.POST or None, initial=initial, actor=request.user, creating=True)
    if form.is_valid():
        data = dict(form.cleaned_data)
        data["password"] = data.pop("password1")
        data.pop("password2")
        try:
            user = services.user_create(actor=request.user, **data)
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("User %(name)s created.") % {"name": user.username})
            return redirect_after_post(request, reverse("org:user-list"))
    return render(request, "org/user_form.html", {"form": form, "title": _("New user")})


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(managed_users(request.user), pk=pk)
    initial = {field: getattr(target, field) for field in services.USER_FIELDS}
    form = UserForm(request.POST or None, initial=initial, actor=request.user, creating=False)
    if form.is_valid():
        try:
            services.user_update(actor=request.user, user=target, data=dict(form.cleaned_data))
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("User %(name)s saved.") % {"name": target.username})
            return redirect_after_post(request, reverse("org:user-list"))
    context = {
        "form": form,
        "target": target,
        "title": _("Edit user %(name)s") % {"name": target.username},
        "token_panel": True,
        "target_token": Token.objects.select_related("use").filter(user=target).first(),
    }
    return render(request, "org/user_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def user_password(request: AuthedRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(managed_users(request.user), pk=pk)
    form = UserPasswordForm(target, request.POST or None)
    if form.is_valid():
        try:
            services.user_set_password(
                actor=request.user, user=target, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(
                request, _("The password of %(name)s was changed.") % {"name": target.username}
            )
            return redirect_after_post(request, reverse("org:user-list"))
    context = {
        "form": form,
        "target": target,
        "title": _("New password for %(name)s") % {"name": target.username},
    }
    return render(request, "org/user_form.html", context)


# API token ------------------------------------------------------------------------------------


# Exports: the list as filtered on the screen (every page), as xlsx or csv ----------------------


@login_required
@require_http_methods(["GET"])
def unit_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    """The searched units; without a search, every unit of the subtree (the whole tree the
    screen lets the user unfold), in tree order."""
    from kythuat.core.xlsx import Column, export_info, export_response

    form = UnitSearchForm(request.GET)
    form.is_valid()
    query = fold(form.cleaned_data.get("q", ""))
    dissolved = bool(form.cleaned_data.get("dissolved"))
    units = Unit.objects.visible_to(request.user).select_related("parent")
    if query:
        units = units.filter(search_text__contains=query)
    units = _rows(units, dissolved=dissolved)
    base = _base_depth(request.user)
    filters = "; ".join(
        part for part in (
            f"{form.fields['q'].label}: {form.cleaned_data.get('q')}" if query else "",
            str(form.fields["dissolved"].label) if dissolved else "",
        ) if part
    )
    columns = [Column(_("No."), 6), Column(_("Unit")), Column(_("Code")), Column(_("Unit kind")),
               Column(_("Parent unit")), Column(_("Valid from")), Column(_("Valid to")),
               Column(_("Subordinate units"), 12)]
    rows = (
        [n, "    " * max(u.depth - base, 0) + u.name, u.code, u.kind.name if u.kind else "",
         u.parent.name if u.parent_id else "", u.valid_from, u.valid_to, u.child_count]
        for n, u in enumerate(units.iterator(chunk_size=2000), start=1)
    )
    owner = request.user.unit.name if request.user.unit_id else _("whole army")
    return export_response(
        fmt, name=_("units"), title=_("LIST OF UNITS"),
        info=export_info(unit=owner, filters=filters, count=units.count()),
        columns=columns, rows=rows)


@login_required
@require_http_methods(["GET"])
def user_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    from kythuat.core.xlsx import Column, export_info, export_response

    users, query, unit = _filtered_users(request)
    filters = f"{_('Search')}: {query}" if query else ""
    owner = unit or (request.user.unit if request.user.unit_id else None)
    columns = [Column(_("No."), 6), Column(_("Login name")), Column(_("Name")),
               Column(_("Unit")), Column(_("Position")), Column(_("Role")),
               Column(_("Active"), 10), Column(_("Last login"))]
    rows = (
        [n, m.username, m.get_full_name(), m.unit.name if m.unit_id else "", m.position,
         m.get_role_display(), _("yes") if m.is_active else _("no"),
         timezone.localtime(m.last_login).strftime("%d/%m/%Y %H:%M") if m.last_login else ""]
        for n, m in enumerate(users, start=1)
    )
    return export_response(
        fmt, name=_("users"), title=_("LIST OF USERS"),
        info=export_info(unit=owner.name if owner else _("whole army"), filters=filters,
                         count=users.count()),
        columns=columns, rows=rows)
