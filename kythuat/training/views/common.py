"""Helpers shared by the training screens."""

from django.core.exceptions import PermissionDenied

from kythuat.core.types import AuthedRequest
from kythuat.org import permissions
from kythuat.org.models import Unit
from kythuat.org.selectors import unit_from_request

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def request_unit(request: AuthedRequest) -> Unit | None:
    """The `unit` parameter: 404 outside the user's subtree, None when not given."""
    value = request.GET.get("unit")
    return unit_from_request(request.user, value) if value else None


def ensure_draft(request: AuthedRequest, unit: Unit, message: str) -> None:
    if not permissions.can_draft(request.user, unit):
        raise PermissionDenied(message)
