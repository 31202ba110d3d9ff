"""The storage reference data (standards, funding sources, the default condition limits of
each facility kind): everyone reads it, the system administrator changes it."""

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
from kythuat.core.forms import add_service_error
from kythuat.core.htmx import redirect_after_post
from kythuat.core.types import AuthedRequest
from kythuat.org.models import User

from ..models import FacilityKind, FacilityStandard, FundingSource

# URL slug → (model, editable fields, may new rows be added here). Facility kinds themselves
# (code, name) are edited with the catalogue's reference data; their limits here.
TABLES: dict[str, tuple[type[models.Model], list[str], bool]] = {
    "standard": (FacilityStandard, ["code", "name", "description", "order"], True),
    "funding-source": (FundingSource, ["code", "name", "order"], True),
    "kind-limits": (FacilityKind, ["default_min_temperature", "default_max_temperature",
                                   "default_max_humidity"], False),
}


class KindLimitsForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("default_min_temperature"), cleaned.get("default_max_temperature")
        if low is not None and high is not None and low > high:
            self.add_error("default_max_temperature", _(
                "The maximum temperature cannot be below the minimum temperature."))
        return cleaned


def _table(slug: str, *, creating: bool = False) -> tuple[type[models.Model], list[str]]:
    if slug not in TABLES or (creating and not TABLES[slug][2]):
        raise Http404
    model, fields, _can_add = TABLES[slug]
    return model, fields


def _form_class(slug: str) -> type[forms.ModelForm]:
    model, fields = _table(slug)
    base = KindLimitsForm if slug == "kind-limits" else forms.ModelForm
    return forms.modelform_factory(model, form=base, fields=fields)


def _ensure_superuser(user: User) -> None:
    if not user.is_superuser:
        raise PermissionDenied(_("Reference data is changed only by the system administrator."))


@login_required
@require_http_methods(["GET"])
def reference(request: AuthedRequest) -> HttpResponse:
    context = {
        "standards": FacilityStandard.objects.annotate(used=models.Count("facilities")),
        "sources": FundingSource.objects.annotate(used=models.Count("investments")),
        "kinds": FacilityKind.objects.all(),
        "can_edit": request.user.is_superuser,
    }
    return render(request, "storage/reference.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reference_create(request: AuthedRequest, table: str) -> HttpResponse:
    _ensure_superuser(request.user)
    model, _fields = _table(table, creating=True)
    form = _form_class(table)(request.POST or None)
    if form.is_valid():
        try:
            row = catalog_services.reference_create(actor=request.user, model=model,
                                                    data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(name)s created.") % {"name": row})
            return redirect_after_post(request, reverse("storage:reference") + f"#{table}")
    context = {"form": form, "title": _("New %(model)s") % {"model": model._meta.verbose_name}}
    return render(request, "storage/reference_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reference_edit(request: AuthedRequest, table: str, pk: int) -> HttpResponse:
    _ensure_superuser(request.user)
    model, fields = _table(table)
    instance = get_object_or_404(model, pk=pk)
    form = _form_class(table)(request.POST or None, instance=model.objects.get(pk=pk))
    if form.is_valid():
        try:
            catalog_services.reference_update(actor=request.user, instance=instance,
                                              fields=fields, data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": instance})
            return redirect_after_post(request, reverse("storage:reference") + f"#{table}")
    context = {"form": form, "title": _("Edit %(name)s") % {"name": instance}}
    return render(request, "storage/reference_form.html", context)
