"""The inbox: drafts waiting for an officer to post them, and drafts an officer returned to
their clerk with a comment."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from kythuat.core.types import AuthedRequest
from kythuat.org.models import Role

from .. import selectors
from ..movement_forms import ReturnForm

LIMIT = 200


@login_required
@require_GET
def movement_inbox(request: AuthedRequest) -> HttpResponse:
    user = request.user
    to_post = selectors.drafts_to_post(user=user)
    returned = selectors.drafts_returned(user=user)
    context = {
        "to_post": to_post[:LIMIT], "to_post_count": to_post.count(),
        "returned": returned[:LIMIT], "returned_count": returned.count(),
        "is_officer": user.has_role(Role.OFFICER), "return_form": ReturnForm(),
        "limit": LIMIT,
    }
    return render(request, "holdings/movement_inbox.html", context)


urlpatterns = [
    path("documents/inbox/", movement_inbox, name="movement-inbox"),
]
