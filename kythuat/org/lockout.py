"""Failed sign-ins: the lock-out rule (django-axes) and what users and administrators are told.

Axes counts failures per (user name, client address): a stranger guessing a known name
(`unit.role`) locks that name on their own machine only, and its owner still signs in from
anywhere else. An address that fails with many names is locked for every name, so one machine
cannot guess its way through the whole directory. The password-change page counts the current
password's wrong guesses the same way.
"""

import datetime as dt
from dataclasses import dataclass

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Count, Max, QuerySet, Sum
from django.http import HttpRequest
from django.utils import timezone

from .models import User


class LoginAttemptHandler(AxesDatabaseHandler):
    """AXES_LOCKOUT_PARAMETERS holds the (user name, address) pair; the per-address limit
    across names (LOGIN_ADDRESS_FAILURE_LIMIT) is added here, since axes has one limit."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures


def address_failures(request: HttpRequest) -> int:
    attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def is_allowed(request: HttpRequest, username: str) -> bool:
    return AxesProxyHandler.is_allowed(request, {"username": username})


def record_failure(request: HttpRequest, username: str) -> None:
    """Counts a wrong password typed outside the login form (the password-change page)."""
    user_login_failed.send(sender=__name__, credentials={"username": username},
                           request=request)


# What users and administrators are told ------------------------------------------------------


@dataclass(frozen=True)
class FailureSummary:
    username: str
    count: int
    last_at: dt.datetime
    addresses: int
    locked: bool


def failures_since(username: str, since: dt.datetime | None) -> QuerySet[AccessFailureLog]:
    failures = AccessFailureLog.objects.filter(username=username)
    if since is not None:
        failures = failures.filter(attempt_time__gt=since)
    return failures.order_by("-attempt_time")


def failures_of_users(users: QuerySet[User], *, days: int = 7) -> list[FailureSummary]:
    """Failed sign-ins of these users (an administrator's subtree) in the last `days` days."""
    since = timezone.now() - dt.timedelta(days=days)
    rows = (AccessFailureLog.objects.filter(attempt_time__gte=since,
                                            username__in=users.values("username"))
            .values("username")
            .annotate(count=Count("id"), last_at=Max("attempt_time"),
                      addresses=Count("ip_address", distinct=True))
            .order_by("-last_at")[:50])
    rows = list(rows)
    attempts = AccessAttempt.objects.filter(username__in=[row["username"] for row in rows],
                                            failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    cool_off = get_cool_off()  # axes' reading of AXES_COOLOFF_TIME (hours, timedelta or None)
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    locked = set(attempts.values_list("username", flat=True))
    return [FailureSummary(username=row["username"], count=row["count"], last_at=row["last_at"],
                           addresses=row["addresses"], locked=row["username"] in locked)
            for row in rows]
