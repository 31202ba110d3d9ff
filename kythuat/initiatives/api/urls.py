"""This app's resources on the one router of /api/v1/ (config/api_urls.py)."""

from .views import (
    AdoptionViewSet,
    AwardClassViewSet,
    CouncilViewSet,
    DossierViewSet,
    InitiativeFieldViewSet,
    InitiativeViewSet,
    RecognitionLevelViewSet,
    ScoringCriterionViewSet,
)

ROUTES = [
    ("initiatives", InitiativeViewSet, "initiative"),
    ("initiative-councils", CouncilViewSet, "initiative-council"),
    ("initiative-dossiers", DossierViewSet, "initiative-dossier"),
    ("initiative-adoptions", AdoptionViewSet, "initiative-adoption"),
    ("initiative-fields", InitiativeFieldViewSet, "initiative-field"),
    ("initiative-levels", RecognitionLevelViewSet, "initiative-level"),
    ("initiative-award-classes", AwardClassViewSet, "initiative-award-class"),
    ("initiative-criteria", ScoringCriterionViewSet, "initiative-criterion"),
]
