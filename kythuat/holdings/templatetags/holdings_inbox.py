"""{% inbox_counts %}: the documents waiting in the user's inbox, for the dashboard."""

from django import template

from ..selectors import inbox_counts as count_inbox

register = template.Library()


@register.inclusion_tag("holdings/_inbox_counts.html", takes_context=True)
def inbox_counts(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"counts": None}
    return {"counts": count_inbox(user=user)}
