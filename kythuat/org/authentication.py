"""API token authentication that notes when each token was last used."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from .models import TokenUse, User

# The time of use is written at most once a minute per token, so a program polling the API
# does not turn every read into a write (SQLite has one writer at a time).
USE_RESOLUTION = dt.timedelta(minutes=1)


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        try:
            token = Token.objects.select_related("user", "use").get(key=key)
        except (Token.DoesNotExist, ValueError):
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        note_use(token)
        return token.user, token


def note_use(token: Token) -> None:
    now = timezone.now()
    use = getattr(token, "use", None)
    if use is None:  # one statement; a concurrent first use simply wins
        TokenUse.objects.bulk_create([TokenUse(token=token, last_used_at=now)],
                                     ignore_conflicts=True)
    elif now - use.last_used_at >= USE_RESOLUTION:
        TokenUse.objects.filter(pk=use.pk).update(last_used_at=now)
