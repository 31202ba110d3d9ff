from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kythuat.org.selectors import unit_from_request
from kythuat.storage.api.views import ScopedViewSet

from .. import selectors, services
from ..filters import CertificateFilter, ExamSessionFilter, PersonFilter
from ..models import (
    Certificate,
    Establishment,
    ExamCandidate,
    ExamSession,
    Person,
)
from .serializers import (
    CandidateIn,
    CandidateMarkIn,
    CandidateOverrideIn,
    CertificateIn,
    CertificateOut,
    EstablishmentIn,
    EstablishmentOut,
    ExamDecideIn,
    ExamSessionIn,
    ExamSessionOut,
    PersonIn,
    PersonLeaveIn,
    PersonMoveIn,
    PersonOut,
    PersonUpdateIn,
    SkillLevelIn,
    StaffingRowOut,
)

# The reference tables (categories, trades, rules, certificate kinds) are served by the
# catalogue's /api/v1/reference/<table>/ like every registered reference table.


@extend_schema_view(create=extend_schema(request=PersonIn, responses={201: PersonOut}),
                    partial_update=extend_schema(request=PersonUpdateIn, responses=PersonOut))
class PersonViewSet(ScopedViewSet):
    """The technical staff of the caller's subtree, with their assignments and levels."""

    queryset = Person.objects.none()
    serializer_class = PersonOut
    filterset_class = PersonFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Person]:
        return (Person.objects.visible_to(self.request.user)
                .select_related("unit", "category")
                .prefetch_related("assignments__unit", "skill_levels__trade"))

    def create(self, request: Request) -> Response:
        person = services.person_create(actor=request.user, **self.payload(PersonIn))
        return self.answer(person, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        person = self.get_object()
        data = self.payload(PersonUpdateIn, partial=True)
        return self.answer(services.person_update(actor=request.user, person=person,
                                                  data=data))

    @extend_schema(request=PersonMoveIn, responses=PersonOut)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str) -> Response:
        person = self.get_object()
        services.person_move(actor=request.user, person=person, **self.payload(PersonMoveIn))
        return self.answer(person)

    @extend_schema(request=PersonLeaveIn, responses=PersonOut)
    @action(detail=True, methods=["post"])
    def leave(self, request: Request, pk: str) -> Response:
        person = self.get_object()
        services.person_leave(actor=request.user, person=person, **self.payload(PersonLeaveIn))
        return self.answer(person)

    @extend_schema(request=SkillLevelIn, responses=PersonOut)
    @action(detail=True, methods=["post"])
    def grant(self, request: Request, pk: str) -> Response:
        """A first level in a trade, by a decision."""
        person = self.get_object()
        services.skill_level_grant(actor=request.user, person=person,
                                   **self.payload(SkillLevelIn))
        return self.answer(person)

    @extend_schema(request=SkillLevelIn, responses=PersonOut)
    @action(detail=True, methods=["post"], url_path="raise")
    def raise_level(self, request: Request, pk: str) -> Response:
        """A higher level in a trade held, by a decision."""
        person = self.get_object()
        services.skill_level_raise(actor=request.user, person=person,
                                   **self.payload(SkillLevelIn))
        return self.answer(person)


@extend_schema_view(create=extend_schema(request=CertificateIn, responses={201: CertificateOut}))
class CertificateViewSet(ScopedViewSet):
    """Certificates of the people of the caller's subtree (`state=expiring|expired`)."""

    queryset = Certificate.objects.none()
    serializer_class = CertificateOut
    filterset_class = CertificateFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Certificate]:
        return (Certificate.objects.visible_to(self.request.user)
                .select_related("person", "kind").order_by("valid_until", "pk"))

    def create(self, request: Request) -> Response:
        certificate = services.certificate_add(actor=request.user,
                                               **self.payload(CertificateIn))
        return self.answer(certificate, status.HTTP_201_CREATED)


@extend_schema_view(create=extend_schema(request=ExamSessionIn, responses={201: ExamSessionOut}))
class ExamSessionViewSet(ScopedViewSet):
    """Sessions of the exam to raise a skill level held in the caller's subtree."""

    queryset = ExamSession.objects.none()
    serializer_class = ExamSessionOut
    filterset_class = ExamSessionFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[ExamSession]:
        return (ExamSession.objects.visible_to(self.request.user).select_related("unit")
                .prefetch_related("trades", "committee", "candidates__person"))

    def create(self, request: Request) -> Response:
        session = services.session_create(actor=request.user, **self.payload(ExamSessionIn))
        return self.answer(session, status.HTTP_201_CREATED)

    def _candidate(self, session: ExamSession, pk: int) -> ExamCandidate:
        candidate = ExamCandidate.objects.filter(session=session, pk=pk).first()
        if candidate is None:
            raise Http404
        return candidate

    @extend_schema(request=CandidateIn, responses=ExamSessionOut)
    @action(detail=True, methods=["post"])
    def candidates(self, request: Request, pk: str) -> Response:
        session = self.get_object()
        services.candidate_add(actor=request.user, session=session, **self.payload(CandidateIn))
        return self.answer(session)

    @extend_schema(request=CandidateOverrideIn, responses=ExamSessionOut)
    @action(detail=True, methods=["post"])
    def admit(self, request: Request, pk: str) -> Response:
        """An officer admits a candidate the rule does not, with the reason."""
        session = self.get_object()
        data = self.payload(CandidateOverrideIn)
        services.candidate_override(actor=request.user,
                                    candidate=self._candidate(session, data["candidate"]),
                                    reason=data["reason"])
        return self.answer(session)

    @extend_schema(request=CandidateMarkIn, responses=ExamSessionOut)
    @action(detail=True, methods=["post"])
    def marks(self, request: Request, pk: str) -> Response:
        session = self.get_object()
        data = self.payload(CandidateMarkIn)
        services.candidate_mark(actor=request.user,
                                candidate=self._candidate(session, data["candidate"]),
                                theory_mark=data.get("theory_mark"),
                                practice_mark=data.get("practice_mark"))
        return self.answer(session)

    @extend_schema(request=ExamDecideIn, responses=ExamSessionOut)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        session = self.get_object()
        services.session_decide(actor=request.user, session=session,
                                **self.payload(ExamDecideIn))
        return self.answer(session)


@extend_schema_view(create=extend_schema(request=EstablishmentIn,
                                         responses={201: EstablishmentOut}))
class EstablishmentViewSet(ScopedViewSet):
    """Establishment figures of the caller's subtree; `staffing` compares them with the people
    holding a level."""

    queryset = Establishment.objects.none()
    serializer_class = EstablishmentOut
    filterset_class = None
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Establishment]:
        return Establishment.objects.visible_to(self.request.user).select_related("unit",
                                                                                   "trade")

    def create(self, request: Request) -> Response:
        row = services.establishment_set(actor=request.user, **self.payload(EstablishmentIn))
        return self.answer(row, status.HTTP_201_CREATED)

    @extend_schema(parameters=[OpenApiParameter("unit", int)],
                   responses=StaffingRowOut(many=True))
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def staffing(self, request: Request) -> Response:
        unit = unit_from_request(request.user, request.query_params.get("unit"))
        rows = [{"unit": u.pk, "unit_name": u.name, "trade": t.pk, "trade_name": t.name,
                 "band": b, "required": c.required, "actual": c.actual, "gap": c.gap}
                for u, t, b, c in selectors.staffing(unit).rows()]
        return Response(StaffingRowOut(rows, many=True).data)
