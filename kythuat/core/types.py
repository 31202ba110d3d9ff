from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from kythuat.org.models import User


class AuthedRequest(HttpRequest):
    user: "User"
    htmx: HtmxDetails
