"""This app's resources on the one router of /api/v1/ (config/api_urls.py)."""

from .views import (
    BlockViewSet,
    CommitteeViewSet,
    CriterionViewSet,
    ObjectiveViewSet,
    PhaseViewSet,
    PledgeViewSet,
    SheetViewSet,
)

ROUTES = [
    ("campaign-phases", PhaseViewSet, "campaign-phase"),
    ("campaign-objectives", ObjectiveViewSet, "campaign-objective"),
    ("campaign-criteria", CriterionViewSet, "campaign-criterion"),
    ("campaign-committees", CommitteeViewSet, "campaign-committee"),
    ("campaign-sheets", SheetViewSet, "campaign-sheet"),
    ("campaign-blocks", BlockViewSet, "campaign-block"),
    ("campaign-pledges", PledgeViewSet, "campaign-pledge"),
]
