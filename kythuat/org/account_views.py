"""Signing in, changing one's own password, one's own API token, and an administrator revoking
a user's API token.

The login and password-change screens are Django's, with two additions: the user is told of
failed sign-ins since their last one, and wrong current passwords count towards the lock-out.
"""

from typing import Any

from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.authtoken.models import Token

from kythuat.core.htmx import redirect_after_post
from kythuat.core.types import AuthedRequest

from . import lockout, services
from .selectors import managed_users


class LoginView(auth_views.LoginView):
    def form_valid(self, form) -> HttpResponse:
        user = form.get_user()
        previous = user.last_login  # the login below moves it to now
        response = super().form_valid(form)
        failures = lockout.failures_since(user.get_username(), previous)
        count = failures.count()
        if count:
            last = failures.first()
            messages.warning(self.request, ngettext(
                "There was %(count)s failed sign-in to your account since your last sign-in, "
                "the last on %(time)s from address %(address)s. If it was not you, change your "
                "password and tell your unit administrator.",
                "There were %(count)s failed sign-ins to your account since your last sign-in, "
                "the last on %(time)s from address %(address)s. If it was not you, change your "
                "password and tell your unit administrator.", count) % {
                "count": count, "address": last.ip_address or "?",
                "time": formats.date_format(timezone.localtime(last.attempt_time),
                                            "SHORT_DATETIME_FORMAT")})
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Wrong current passwords count as failed sign-ins: someone who found an open session
    cannot guess the password with unlimited tries."""

    def post(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        username = request.user.get_username()
        if not lockout.is_allowed(request, username):
            return get_lockout_response(request, credentials={"username": username})
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form) -> HttpResponse:
        if form.has_error("old_password", "password_incorrect"):
            lockout.record_failure(self.request, self.request.user.get_username())
        return super().form_invalid(form)

    def form_valid(self, form) -> HttpResponse:
        # Through the service, not form.save(): it writes the audit row and revokes the tokens.
        user = services.user_set_password(actor=self.request.user, user=self.request.user,
                                          password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, user)
        return HttpResponseRedirect(self.get_success_url())


@login_required
@require_POST
def user_token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(managed_users(request.user), pk=pk)
    if services.token_revoke(actor=request.user, user=target):
        messages.success(request, _("The API token of %(name)s was revoked.")
                         % {"name": target.username})
    else:
        messages.info(request, _("%(name)s has no API token.") % {"name": target.username})
    return redirect_after_post(request, reverse("org:user-edit", args=[target.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def token(request: AuthedRequest) -> HttpResponse:
    new_key = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "issue":
            new_key = services.token_issue(actor=request.user).key
        elif action == "revoke":
            if services.token_revoke(actor=request.user):
                messages.success(request, _("The API token was revoked."))
            return redirect("org:token")
        else:
            return HttpResponseBadRequest(_("Unknown action."))
    context = {
        "existing": Token.objects.select_related("use").filter(user=request.user).first(),
        "new_key": new_key,
        "api_url": request.build_absolute_uri("/api/v1/items/"),
    }
    return render(request, "org/token.html", context)
