"""Catalogue screens: equipment types, branches and the reference data (grades, usage groups,
placements, unit and facility kinds). Writes go through catalog.services."""

from decimal import Decimal
from typing import Any

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

from kythuat.core.forms import add_service_error, filters_in_words
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.text import fold
from kythuat.core.types import AuthedRequest
from kythuat.org import permissions
from kythuat.org.models import UnitKind, User
from kythuat.org.selectors import default_unit

from . import services
from .forms import (
    EXTRA_TABLES,
    REFERENCE_MODELS,
    EquipmentTypeForm,
    TypeFilterForm,
    reference_form_class,
)
from .models import Branch, EquipmentType, GradeDefinition, Placement, UsageGroup
from .sections import TYPE_PAGE


def _quantity(value: Decimal) -> Any:
    return int(value) if value == value.to_integral_value() else value.normalize()


def _can_edit(user: User, etype: EquipmentType) -> bool:
    try:
        services.ensure_can_edit_type(user, etype)
    except PermissionDenied:
        return False
    return True


def _visible_type(user: User, pk: int) -> EquipmentType:
    types = EquipmentType.objects.visible_to(user).select_related("branch", "owner_unit")
    return get_object_or_404(types, pk=pk)


def _filtered_types(request: AuthedRequest) -> tuple[QuerySet[EquipmentType], TypeFilterForm]:
    """The types of the list screen (and its export) and the filter form."""
    types = EquipmentType.objects.visible_to(request.user).select_related("branch", "owner_unit")
    form = TypeFilterForm(request.GET)
    if form.is_valid():
        data = form.cleaned_data
        if text := fold(data["q"]):
            types = types.filter(search_text__contains=text)
        if data["branch"]:
            types = types.filter(branch=data["branch"])
        if data["tracking"]:
            types = types.filter(tracking=data["tracking"])
        if not data["inactive"]:
            types = types.filter(is_active=True)
    return types, form


@login_required
@vary_on_headers("HX-Request")
def type_list(request: AuthedRequest) -> HttpResponse:
    types, form = _filtered_types(request)
    export_query = request.GET.copy()
    export_query.pop("page", None)
    context = {
        "page": paginate(request, types),
        "form": form,
        "can_create": permissions.can_manage_catalog(request.user),
        "export_query": export_query.urlencode(),
    }
    template = "catalog/_type_rows.html" if request.htmx else "catalog/type_list.html"
    return render(request, template, context)


@login_required
def type_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    etype = _visible_type(request.user, pk)
    context = {
        "etype": etype,
        "sections": TYPE_PAGE.build(etype, request.user),
        "can_edit": _can_edit(request.user, etype),
    }
    return render(request, "catalog/type_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def type_create(request: AuthedRequest) -> HttpResponse:
    permissions.ensure_can_manage_catalog(request.user)
    form = EquipmentTypeForm(
        request.POST or None,
        user=request.user,
        creating=True,
        initial={"owner_unit": request.user.unit_id},
    )
    if form.is_valid():
        try:
            etype = services.equipment_type_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Equipment type %(name)s created.") % {"name": etype.name})
            return redirect_after_post(request, etype.get_absolute_url())
    return render(
        request, "catalog/type_form.html", {"form": form, "title": _("New equipment type")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def type_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    etype = _visible_type(request.user, pk)
    services.ensure_can_edit_type(request.user, etype)
    # The form works on its own copy: the service compares the stored row with the new data.
    form = EquipmentTypeForm(
        request.POST or None,
        instance=_visible_type(request.user, pk),
        user=request.user,
        creating=False,
    )
    if form.is_valid():
        try:
            services.equipment_type_update(
                actor=request.user, etype=etype, data=dict(form.cleaned_data)
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Equipment type %(name)s saved.") % {"name": etype.name})
            return redirect_after_post(request, etype.get_absolute_url())
    context = {"form": form, "etype": etype, "title": _("Edit %(name)s") % {"name": etype.name}}
    return render(request, "catalog/type_form.html", context)


def _branches(user: User) -> QuerySet[Branch]:
    visible = EquipmentType.objects.visible_to(user).filter(is_active=True)
    return Branch.objects.annotate(
        type_count=Count("types", filter=Q(types__in=visible.values("pk")))
    )


@login_required
def branch_list(request: AuthedRequest) -> HttpResponse:
    branches = _branches(request.user)
    return render(
        request,
        "catalog/branch_list.html",
        {"branches": branches, "can_edit": request.user.is_superuser},
    )


def _reference_tables() -> list[dict[str, Any]]:
    today = timezone.localdate()
    grades: QuerySet = GradeDefinition.objects.all()
    tables = [
        (
            "grade",
            _("Quality grades"),
            grades,
            _(
                "The wording of each grade for a period of time. Grades marked as serviceable "
                "count in the technical coefficient."
            ),
        ),
        (
            "usage-group",
            _("Usage groups"),
            UsageGroup.objects.all(),
            _("Holdings of a combat-readiness group count in the combat readiness indicator."),
        ),
        ("placement", _("Placements"), Placement.objects.all(), ""),
        ("branch", _("Technical branches"), Branch.objects.all(), ""),
        ("unit-kind", _("Unit kinds"), UnitKind.objects.all(), ""),
        *((slug, title, REFERENCE_MODELS[slug][0].objects.all(), help_text)
          for slug, (title, help_text) in EXTRA_TABLES.items()),
    ]
    result = []
    for slug, title, rows, help_text in tables:
        rows = list(rows)
        for row in rows:
            valid_from, valid_to = getattr(row, "valid_from", None), getattr(row, "valid_to", None)
            row.in_force = (valid_from is None or valid_from <= today) and (
                valid_to is None or valid_to >= today
            )
        result.append(
            {
                "slug": slug,
                "title": title,
                "rows": rows,
                "help": help_text,
                "dated": hasattr(REFERENCE_MODELS[slug][0], "valid_from"),
            }
        )
    return result


@login_required
def reference(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "catalog/reference.html",
        {"tables": _reference_tables(), "can_edit": request.user.is_superuser},
    )


def _ensure_superuser(user: User) -> None:
    if not user.is_superuser:
        raise PermissionDenied(_("Reference data is changed only by the system administrator."))


def _reference_model(slug: str) -> tuple[type, list[str]]:
    if slug not in REFERENCE_MODELS:
        raise Http404
    return REFERENCE_MODELS[slug]


@login_required
@require_http_methods(["GET", "POST"])
def reference_edit(request: AuthedRequest, model: str, pk: int) -> HttpResponse:
    _ensure_superuser(request.user)
    model_class, fields = _reference_model(model)
    instance = get_object_or_404(model_class, pk=pk)
    form = reference_form_class(model)(
        request.POST or None, instance=model_class.objects.get(pk=pk)
    )
    if form.is_valid():
        try:
            services.reference_update(
                actor=request.user, instance=instance, fields=fields, data=dict(form.cleaned_data)
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": instance})
            return redirect_after_post(request, reverse("catalog:reference") + f"#{model}")
    context = {
        "form": form,
        "title": _("Edit %(name)s") % {"name": instance},
        "model_name": model_class._meta.verbose_name,
    }
    return render(request, "catalog/reference_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reference_create(request: AuthedRequest, model: str) -> HttpResponse:
    _ensure_superuser(request.user)
    model_class, _fields = _reference_model(model)
    form = reference_form_class(model)(request.POST or None)
    if form.is_valid():
        try:
            row = services.reference_create(
                actor=request.user, model=model_class, data=dict(form.cleaned_data)
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(name)s created.") % {"name": row})
            return redirect_after_post(request, reverse("catalog:reference") + f"#{model}")
    context = {
        "form": form,
        "model_name": model_class._meta.verbose_name,
        "title": _("New %(model)s") % {"model": model_class._meta.verbose_name},
    }
    return render(request, "catalog/reference_form.html", context)


# Exports: the lists as filtered on the screen (every page), as xlsx or csv


def _export_owner(user: User) -> str:
    try:
        return default_unit(user).name
    except Http404:
        return ""


@login_required
@require_http_methods(["GET"])
def type_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    from kythuat.core.xlsx import Column, export_info, export_response

    types, form = _filtered_types(request)
    data = form.cleaned_data if form.is_valid() else {}
    unticked = tuple(name for name, value in data.items() if value is False)
    columns = [Column(_("No."), 6), Column(_("Symbol")), Column(_("Name")), Column(_("Branch")),
               Column(_("Unit of measure")), Column(_("Tracking")), Column(_("Origin")),
               Column(_("Defined by")), Column(_("In use"), 10)]
    rows = (
        [n, t.symbol, t.name, t.branch.name, t.uom, t.get_tracking_display(), t.origin,
         t.owner_unit.name if t.owner_unit_id else _("army-wide"),
         _("yes") if t.is_active else _("no")]
        for n, t in enumerate(types.iterator(chunk_size=2000), start=1)
    )
    return export_response(
        fmt, name=_("equipment types"), title=_("CATALOGUE OF EQUIPMENT TYPES"),
        info=export_info(unit=_export_owner(request.user),
                         filters=filters_in_words(form, exclude=unticked),
                         count=types.count()),
        columns=columns, rows=rows)


@login_required
@require_http_methods(["GET"])
def branch_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    from kythuat.core.xlsx import Column, export_info, export_response

    branches = list(_branches(request.user))
    columns = [Column(_("No."), 6), Column(_("Branch")), Column(_("Code")),
               Column(_("Equipment types in use"), 14)]
    rows = ([n, b.name, b.code, b.type_count] for n, b in enumerate(branches, start=1))
    return export_response(
        fmt, name=_("branches"), title=_("TECHNICAL BRANCHES"),
        info=export_info(unit=_export_owner(request.user), filters="", count=len(branches)),
        columns=columns, rows=rows)
