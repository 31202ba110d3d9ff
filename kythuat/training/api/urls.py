"""This app's resources on the one router of /api/v1/ (config/api_urls.py)."""

from .views import (
    ContestLevelViewSet,
    ContestViewSet,
    CourseViewSet,
    PrizeViewSet,
    TrainingPlanViewSet,
)

ROUTES = [
    ("training-plans", TrainingPlanViewSet, "training-plan"),
    ("training-courses", CourseViewSet, "training-course"),
    ("contests", ContestViewSet, "contest"),
    ("contest-levels", ContestLevelViewSet, "contest-level"),
    ("contest-prizes", PrizeViewSet, "contest-prize"),
]
