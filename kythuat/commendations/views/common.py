"""Helpers of the commendation screens."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse

from kythuat.core.forms import add_service_error
from kythuat.core.htmx import redirect_after_post
from kythuat.core.types import AuthedRequest


def list_query(request: AuthedRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def run_service(form, call) -> object | None:
    """Calls the service; its refusal is shown on the form (nothing changed) and None
    returned."""
    try:
        return call()
    except ValidationError as error:
        add_service_error(form, error)
    except PermissionDenied as error:
        form.add_error(None, str(error))
    return None


def done(request: AuthedRequest, message: str, url: str) -> HttpResponse:
    messages.success(request, message)
    return redirect_after_post(request, url)
