"""This app's resources on the one router of /api/v1/ (config/api_urls.py)."""

from .views import CommendationFormViewSet, CommendationViewSet, DecisionViewSet, ProposalViewSet

ROUTES = [
    ("commendation-forms", CommendationFormViewSet, "commendation-form"),
    ("commendation-proposals", ProposalViewSet, "commendation-proposal"),
    ("commendation-decisions", DecisionViewSet, "commendation-decision"),
    ("commendations", CommendationViewSet, "commendation"),
]
