from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kythuat.core.api import ListFilterMixin

from .. import selectors, services
from ..filters import TargetFilter
from ..models import Target
from .serializers import TargetAllocateIn, TargetAssignIn, TargetOut, TargetUpdateIn, share_pairs


@extend_schema_view(
    create=extend_schema(request=TargetAssignIn, responses={201: TargetOut}),
    partial_update=extend_schema(request=TargetUpdateIn, responses=TargetOut),
    destroy=extend_schema(responses={204: OpenApiResponse(description="The target is removed.")}),
)
class TargetViewSet(ListFilterMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):
    """Targets of the units of the caller's subtree, each with its progress computed from the
    records (actual, percentage, expected by today, status, the records' page)."""

    queryset = Target.objects.none()
    serializer_class = TargetOut
    filterset_class = TargetFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Target]:
        return selectors.target_list(user=self.request.user)

    def get_serializer(self, *args, **kwargs):
        if kwargs.get("many") and args:  # a list: its targets measured together
            targets = list(args[0])
            rows = {row.target.pk: row for row in selectors.with_progress(targets)}
            kwargs["context"] = {**self.get_serializer_context(), "rows": rows}
            args = (targets, *args[1:])
        return super().get_serializer(*args, **kwargs)

    def payload(self, serializer_class, *, partial: bool = False) -> dict:
        payload = serializer_class(data=self.request.data, partial=partial,
                                   context={"request": self.request})
        payload.is_valid(raise_exception=True)
        return dict(payload.validated_data)

    def answer(self, target: Target, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=target.pk)).data,
                        status=code)

    def create(self, request: Request) -> Response:
        """Sets a target: its baseline is computed for the base period and frozen."""
        target = services.target_assign(actor=request.user, **self.payload(TargetAssignIn))
        return self.answer(target, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        target = self.get_object()
        data = self.payload(TargetUpdateIn, partial=True)  # an empty baseline keeps the frozen one
        return self.answer(services.target_update(actor=request.user, target=target,
                                                  data=data))

    def destroy(self, request: Request, pk: str) -> Response:
        services.target_delete(actor=request.user, target=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=TargetAllocateIn, responses={201: TargetOut(many=True)})
    @action(detail=True, methods=["post"])
    def allocate(self, request: Request, pk: str) -> Response:
        """Splits the target among direct subordinates: one share each, in the target's form."""
        target = self.get_object()
        data = self.payload(TargetAllocateIn)
        children = services.target_allocate(actor=request.user, target=target,
                                            shares=share_pairs(data["shares"]),
                                            note=data.get("note", ""))
        targets = self.get_queryset().filter(pk__in=[child.pk for child in children])
        return Response(self.get_serializer(targets, many=True).data,
                        status=status.HTTP_201_CREATED)
