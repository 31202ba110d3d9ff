"""This app's resources on the one router of /api/v1/ (config/api_urls.py)."""

from .views import (
    CertificateViewSet,
    EstablishmentViewSet,
    ExamSessionViewSet,
    PersonViewSet,
)

ROUTES = [
    ("people", PersonViewSet, "person"),
    ("person-certificates", CertificateViewSet, "person-certificate"),
    ("skill-exams", ExamSessionViewSet, "skill-exam"),
    ("staff-establishment", EstablishmentViewSet, "staff-establishment"),
]
