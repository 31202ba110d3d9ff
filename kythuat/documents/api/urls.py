"""This app's API resources; config/api_urls.py registers them on the one /api/v1/ router."""

from kythuat.core.api import reference_viewset

from ..models import DocumentType, FormatProfile
from .views import IssuedNumberViewSet, IssuerViewSet

ROUTES = [
    ("documents/issuers", IssuerViewSet, "documents-issuer"),
    ("documents/numbers", IssuedNumberViewSet, "documents-number"),
]
# The codes IssuerIn.profile and NumberIssueIn.document_type take.
ROUTES += [
    ("reference/format-profile", reference_viewset(
        FormatProfile, ["code", "name", "legal_basis"]), "reference-format-profile"),
    ("reference/document-type", reference_viewset(
        DocumentType, ["code", "name", "applies_to", "order", "is_active"]),
     "reference-document-type"),
]
