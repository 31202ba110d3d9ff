from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kythuat.storage.api.views import ScopedViewSet

from .. import selectors, services
from ..models import (
    Adoption,
    AwardClass,
    Council,
    Dossier,
    Initiative,
    InitiativeField,
    RecognitionLevel,
    ScoringCriterion,
)
from ..services import AuthorSpec, MemberSpec
from .filters import CouncilFilter, InitiativeFilter
from .serializers import (
    CouncilCloseIn,
    CouncilMemberIn,
    DossierDecideIn,
    InitiativeAdoptionIn,
    InitiativeAdoptionOut,
    InitiativeAwardClassOut,
    InitiativeAwardIn,
    InitiativeCouncilIn,
    InitiativeCouncilOut,
    InitiativeCriterionOut,
    InitiativeDossierOut,
    InitiativeDuplicateOut,
    InitiativeFieldOut,
    InitiativeIn,
    InitiativeLevelOut,
    InitiativeMeasureIn,
    InitiativeOut,
    InitiativeScoreIn,
    InitiativeSendIn,
)

DOSSIERS = Dossier.objects.select_related("council", "council__level")


@extend_schema_view(create=extend_schema(request=InitiativeIn, responses={201: InitiativeOut}))
class InitiativeViewSet(ScopedViewSet):
    """Initiatives of the caller's subtree and those sent to the caller's councils."""

    queryset = Initiative.objects.none()
    serializer_class = InitiativeOut
    filterset_class = InitiativeFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Initiative]:
        return selectors.initiative_list(user=self.request.user).prefetch_related(
            "authors", Prefetch("dossiers", queryset=DOSSIERS), "adoptions__unit")

    def create(self, request: Request) -> Response:
        data = self.payload(InitiativeIn)
        authors = [AuthorSpec(**a) for a in data.pop("authors")]
        initiative = services.initiative_register(actor=request.user, authors=authors, **data)
        return self.answer(initiative, status.HTTP_201_CREATED)

    @extend_schema(request=InitiativeSendIn, responses=InitiativeOut)
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: str) -> Response:
        initiative = self.get_object()
        services.dossier_send(actor=request.user, initiative=initiative,
                              **self.payload(InitiativeSendIn))
        return self.answer(initiative)

    @extend_schema(request=InitiativeAdoptionIn, responses=InitiativeOut)
    @action(detail=True, methods=["post"])
    def adopt(self, request: Request, pk: str) -> Response:
        initiative = self.get_object()
        services.adoption_record(actor=request.user, initiative=initiative,
                                 **self.payload(InitiativeAdoptionIn))
        return self.answer(initiative)

    @extend_schema(request=InitiativeMeasureIn, responses=InitiativeOut)
    @action(detail=True, methods=["post"])
    def measure(self, request: Request, pk: str) -> Response:
        initiative = self.get_object()
        services.measured_benefit_set(actor=request.user, initiative=initiative,
                                      **self.payload(InitiativeMeasureIn))
        return self.answer(initiative)

    @extend_schema(parameters=[OpenApiParameter("title", str)],
                   responses=InitiativeDuplicateOut(many=True))
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def duplicates(self, request: Request) -> Response:
        hints = selectors.possible_duplicates(user=request.user,
                                              title=request.query_params.get("title", "")[:300])
        return Response(InitiativeDuplicateOut(hints, many=True).data)


@extend_schema_view(create=extend_schema(request=InitiativeCouncilIn,
                                         responses={201: InitiativeCouncilOut}))
class CouncilViewSet(ScopedViewSet):
    """Councils of the caller's subtree."""

    queryset = Council.objects.none()
    serializer_class = InitiativeCouncilOut
    filterset_class = CouncilFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Council]:
        return selectors.council_list(user=self.request.user).prefetch_related("members")

    def create(self, request: Request) -> Response:
        data = self.payload(InitiativeCouncilIn)
        members = [MemberSpec(**m) for m in data.pop("members", [])]
        council = services.council_create(actor=request.user, members=members, **data)
        return self.answer(council, status.HTTP_201_CREATED)

    @extend_schema(request=CouncilMemberIn, responses=InitiativeCouncilOut)
    @action(detail=True, methods=["post"])
    def members(self, request: Request, pk: str) -> Response:
        council = self.get_object()
        services.council_member_add(actor=request.user, council=council,
                                    spec=MemberSpec(**self.payload(CouncilMemberIn)))
        return self.answer(council)

    @extend_schema(request=CouncilCloseIn, responses=InitiativeCouncilOut)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        council = services.council_close(actor=request.user, council=self.get_object(),
                                         **self.payload(CouncilCloseIn))
        return self.answer(council)


class DossierViewSet(ScopedViewSet):
    """Dossiers (an initiative sent to a council) the caller may see; the result is published
    when the council closes."""

    queryset = Dossier.objects.none()
    serializer_class = InitiativeDossierOut
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Dossier]:
        return DOSSIERS.filter(pk__in=Dossier.objects.visible_to(self.request.user)
                               .values("pk")).order_by("-sent_on", "-pk")

    @extend_schema(request=InitiativeScoreIn, responses=InitiativeDossierOut)
    @action(detail=True, methods=["post"])
    def score(self, request: Request, pk: str) -> Response:
        dossier = self.get_object()
        lines = self.payload(InitiativeScoreIn)["scores"]
        services.score_submit(actor=request.user, dossier=dossier,
                              points={line["criterion"]: line["points"] for line in lines})
        return self.answer(dossier)

    @extend_schema(request=DossierDecideIn, responses=InitiativeDossierOut)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        dossier = self.get_object()
        data = self.payload(DossierDecideIn)
        if data["decision"] == "recognise":
            services.dossier_recognise(actor=request.user, dossier=dossier,
                                       decision_date=data["decision_date"],
                                       decision_number=data.get("decision_number", ""))
        else:
            services.dossier_refuse(actor=request.user, dossier=dossier,
                                    reason=data.get("reason", ""),
                                    decision_date=data["decision_date"])
        return self.answer(dossier)

    @extend_schema(request=InitiativeAwardIn, responses=InitiativeDossierOut)
    @action(detail=True, methods=["post"])
    def award(self, request: Request, pk: str) -> Response:
        dossier = self.get_object()
        services.award_grant(actor=request.user, dossier=dossier, **self.payload(InitiativeAwardIn))
        return self.answer(dossier)


class AdoptionViewSet(viewsets.ReadOnlyModelViewSet):
    """Adoptions of the initiatives the caller may see, and by the caller's units."""

    queryset = Adoption.objects.none()
    serializer_class = InitiativeAdoptionOut

    def get_queryset(self) -> QuerySet[Adoption]:
        return (Adoption.objects.visible_to(self.request.user).select_related("unit")
                .order_by("-adopted_on", "-pk"))


class InitiativeFieldViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = InitiativeField.objects.all()
    serializer_class = InitiativeFieldOut


class RecognitionLevelViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = RecognitionLevel.objects.prefetch_related("unit_kinds")
    serializer_class = InitiativeLevelOut


class AwardClassViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = AwardClass.objects.all()
    serializer_class = InitiativeAwardClassOut


class ScoringCriterionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = ScoringCriterion.objects.all()
    serializer_class = InitiativeCriterionOut
