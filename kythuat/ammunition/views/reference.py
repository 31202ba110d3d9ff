"""The ammunition reference data (kinds of test, conclusions, re-test intervals): everyone
reads it, the system administrator changes it."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kythuat.catalog import services as catalog_services
from kythuat.catalog.models import Tracking
from kythuat.core.forms import add_service_error
from kythuat.core.htmx import redirect_after_post
from kythuat.core.types import AuthedRequest
from kythuat.org.models import User

from ..models import RetestInterval, TestConclusion, TestKind

# URL slug → (model, editable fields)
TABLES: dict[str, tuple[type[models.Model], list[str]]] = {
    "test-kind": (TestKind, ["code", "name", "order"]),
    "conclusion": (TestConclusion, ["code", "name", "outcome", "order"]),
    "interval": (RetestInterval, ["branch", "type", "months", "source"]),
}


def _table(slug: str) -> tuple[type[models.Model], list[str]]:
    if slug not in TABLES:
        raise Http404
    return TABLES[slug]


def _form(slug: str, *args, **kwargs) -> forms.ModelForm:
    model, fields = _table(slug)
    form = forms.modelform_factory(model, fields=fields)(*args, **kwargs)
    if "type" in form.fields:
        form.fields["type"].queryset = form.fields["type"].queryset.filter(
            tracking=Tracking.LOT)
    return form


def _ensure_superuser(user: User) -> None:
    if not user.is_superuser:
        raise PermissionDenied(_("Reference data is changed only by the system administrator."))


@login_required
@require_http_methods(["GET"])
def reference(request: AuthedRequest) -> HttpResponse:
    context = {
        "kinds": TestKind.objects.all(),
        "conclusions": TestConclusion.objects.all(),
        "intervals": RetestInterval.objects.select_related("branch", "type"),
        "can_edit": request.user.is_superuser,
    }
    return render(request, "ammunition/reference.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reference_create(request: AuthedRequest, table: str) -> HttpResponse:
    _ensure_superuser(request.user)
    model, _fields = _table(table)
    form = _form(table, request.POST or None)
    if form.is_valid():
        try:
            row = catalog_services.reference_create(actor=request.user, model=model,
                                                    data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(name)s created.") % {"name": row})
            return redirect_after_post(request, reverse("ammunition:reference") + f"#{table}")
    context = {"form": form, "title": _("New %(model)s") % {"model": model._meta.verbose_name}}
    return render(request, "ammunition/reference_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reference_edit(request: AuthedRequest, table: str, pk: int) -> HttpResponse:
    _ensure_superuser(request.user)
    model, fields = _table(table)
    instance = get_object_or_404(model, pk=pk)
    form = _form(table, request.POST or None, instance=model.objects.get(pk=pk))
    if form.is_valid():
        try:
            catalog_services.reference_update(actor=request.user, instance=instance,
                                              fields=fields, data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": instance})
            return redirect_after_post(request, reverse("ammunition:reference") + f"#{table}")
    context = {"form": form, "title": _("Edit %(name)s") % {"name": instance}}
    return render(request, "ammunition/reference_form.html", context)
