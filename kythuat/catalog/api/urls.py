"""This app's API resources; config/api_urls.py registers them on the one /api/v1/ router."""

from kythuat.core.api import reference_viewset

from ..forms import REFERENCE_MODELS
from .views import BranchViewSet, EquipmentTypeViewSet, GradeViewSet, UsageGroupViewSet

ROUTES = [
    ("branches", BranchViewSet, "branch"),
    ("equipment-types", EquipmentTypeViewSet, "equipment-type"),
    ("usage-groups", UsageGroupViewSet, "usage-group"),
    ("grades", GradeViewSet, "grade"),
]
# Every table of the reference screen (its own and those other apps register in their
# AppConfig.ready(), which runs before the URLs are read): /api/v1/reference/<table>/.
ROUTES += [
    (f"reference/{slug}", reference_viewset(model, fields), f"reference-{slug}")
    for slug, (model, fields) in sorted(REFERENCE_MODELS.items())
]
