from django.http import HttpRequest

from . import permissions


def navigation(request: HttpRequest) -> dict:
    """What the navigation bar shows for the signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"can_manage_users": permissions.can_manage_users(user)}
