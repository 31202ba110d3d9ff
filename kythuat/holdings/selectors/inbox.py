"""The officer's inbox: drafts waiting to be posted, and the drafts an officer sent back to
their clerk with a comment."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from kythuat.org.models import Role, User
from kythuat.org.querysets import subtree_ids

from ..models import Movement

RELATED = ("from_unit", "to_unit", "created_by", "returned_by")


def _drafts(user: User) -> QuerySet[Movement]:
    return Movement.objects.visible_to(user).filter(status=Movement.Status.DRAFT)


def drafts_to_post(*, user: User) -> QuerySet[Movement]:
    """Drafts the user may post (an officer, every unit of the document in the user's subtree)
    that are not waiting for their clerk; the oldest first."""
    if not user.is_authenticated or not user.has_role(Role.OFFICER):
        return Movement.objects.none()
    drafts = _drafts(user).filter(returned_at__isnull=True)
    if not user.is_superuser:
        inside = subtree_ids(user.unit)
        drafts = drafts.filter(Q(from_unit__isnull=True) | Q(from_unit__in=inside),
                               Q(to_unit__isnull=True) | Q(to_unit__in=inside))
    return (drafts.select_related(*RELATED).annotate(line_count=Count("lines"))
            .order_by("effective_date", "id"))


def drafts_returned(*, user: User) -> QuerySet[Movement]:
    """Drafts an officer returned with a comment, seen by the clerks and officers of the
    subtree; a clerk's own drafts first, then the newest return."""
    if not user.is_authenticated or not user.has_role(Role.CLERK):
        return Movement.objects.none()
    drafts = _drafts(user).filter(returned_at__isnull=False).select_related(*RELATED)
    return drafts.annotate(line_count=Count("lines")).order_by("-returned_at", "-id")


@dataclass(frozen=True)
class InboxCounts:
    to_post: int
    returned: int

    @property
    def any(self) -> bool:
        return bool(self.to_post or self.returned)


def inbox_counts(*, user: User) -> InboxCounts:
    return InboxCounts(to_post=drafts_to_post(user=user).count(),
                       returned=drafts_returned(user=user).count())
