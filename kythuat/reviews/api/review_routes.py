"""The review resources on the one router of /api/v1/."""

from .reviews import MemberViewSet, PlanEntryViewSet, ReviewKindViewSet, ReviewViewSet

ROUTES = [
    ("reviews", ReviewViewSet, "review"),
    ("review-members", MemberViewSet, "review-member"),
    ("review-plan-entries", PlanEntryViewSet, "review-plan-entry"),
    ("review-kinds", ReviewKindViewSet, "review-kind"),
]
