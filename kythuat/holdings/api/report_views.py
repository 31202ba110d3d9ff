"""Balances, the period report, period closings and authorised strength."""

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kythuat.catalog.models import EquipmentType, UsageGroup
from kythuat.core.api import ListFilterMixin, query_params
from kythuat.org.models import Unit
from kythuat.org.selectors import unit_from_request
from kythuat.storage.models import Facility

from .. import selectors, services
from ..models import AuthorizedStrength, Lot, PeriodClose
from .filters import AuthorizedStrengthFilter, PeriodCloseFilter
from .report_serializers import (
    BALANCE_GROUPS,
    AuthorizedStrengthIn,
    AuthorizedStrengthOut,
    BalanceQueryIn,
    BalanceRowOut,
    PeriodCloseIn,
    PeriodCloseOut,
    PeriodReportOut,
    PeriodReportQueryIn,
)


def _balance_rows(totals: dict[tuple, Decimal], groups: list[str]) -> list[dict[str, Any]]:
    """Keyed quantities as rows with ids and names, sorted the way the register reads."""
    keys = [dict(zip(groups, key, strict=True)) for key in totals]

    def ids(group: str) -> set:
        return {key[group] for key in keys if key.get(group)}

    units = Unit.objects.in_bulk(ids("unit")) if "unit" in groups else {}
    facilities = Facility.objects.in_bulk(ids("facility")) if "facility" in groups else {}
    types = (
        EquipmentType.objects.select_related("branch").in_bulk(ids("type"))
        if "type" in groups
        else {}
    )
    lots = Lot.objects.in_bulk(ids("lot")) if "lot" in groups else {}
    usage_groups = UsageGroup.objects.in_bulk(ids("usage_group")) if "usage_group" in groups else {}
    rows = []
    for key, quantity in zip(keys, totals.values(), strict=True):
        row: dict[str, Any] = {**key, "quantity": quantity}
        order: list[Any] = []
        if "unit" in key:
            unit = units[key["unit"]]
            row["unit_name"] = unit.name
            order.append(unit.path)
        if "facility" in key:
            facility = facilities.get(key["facility"])
            row["facility_name"] = facility.name if facility else None
            order.append(facility.name if facility else "")
        if "type" in key:
            etype = types[key["type"]]
            row.update(type_symbol=etype.symbol, type_name=etype.name, uom=etype.uom)
            order.extend([etype.branch.order, etype.name])
        if "lot" in key:
            lot = lots.get(key["lot"])
            row["lot_number"] = lot.lot_number if lot else None
            order.append(lot.lot_number if lot else "")
        if "grade" in key:
            order.append(key["grade"])
        if "usage_group" in key:
            usage_group = usage_groups[key["usage_group"]]
            row["usage_group_name"] = usage_group.name
            order.append(usage_group.order)
        rows.append((order, row))
    return [row for _order, row in sorted(rows, key=lambda pair: pair[0])]


class BalanceViewSet(viewsets.GenericViewSet):
    """On-hand quantities of a unit subtree, now or at the end of a past day."""

    serializer_class = BalanceRowOut
    filter_backends: list = []

    @extend_schema(parameters=[BalanceQueryIn], responses=BalanceRowOut(many=True))
    def list(self, request: Request) -> Response:
        params = query_params(BalanceQueryIn, request)
        unit = unit_from_request(request.user, params.get("unit"))
        filters = {}
        if params.get("type"):
            filters["type_id"] = params["type"].pk
        if params.get("branch"):
            filters["type__branch_id"] = params["branch"].pk
        groups = params["group_by"]
        totals = selectors.subtree_balances_as_of(
            unit=unit,
            day=params.get("as_of"),
            filters=filters,
            fields=tuple(BALANCE_GROUPS[group] for group in groups),
        )
        page = self.paginate_queryset(_balance_rows(totals, groups))
        return self.get_paginated_response(BalanceRowOut(page, many=True).data)


class ReportViewSet(viewsets.GenericViewSet):
    """Reports computed from the ledger."""

    filter_backends: list = []
    pagination_class = None

    @extend_schema(parameters=[PeriodReportQueryIn], responses=PeriodReportOut)
    @action(detail=False, methods=["get"])
    def period(self, request: Request) -> Response:
        """Opening, increases and decreases by kind of document, and closing of a period."""
        params = query_params(PeriodReportQueryIn, request)
        unit = unit_from_request(request.user, params.get("unit"))
        branch = params.get("branch")
        report = selectors.period_report(
            unit=unit,
            start=params["start"],
            end=params["end"],
            branch_id=branch.pk if branch else None,
        )
        return Response(PeriodReportOut(report).data)


class PeriodCloseViewSet(ListFilterMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Closed quarters and years of the caller's subtree."""

    queryset = PeriodClose.objects.none()
    serializer_class = PeriodCloseOut
    filterset_class = PeriodCloseFilter

    def get_queryset(self) -> QuerySet[PeriodClose]:
        return PeriodClose.objects.visible_to(self.request.user).select_related("unit", "closed_by")

    @extend_schema(request=PeriodCloseIn, responses={201: PeriodCloseOut})
    def create(self, request: Request) -> Response:
        """Closes the books of a quarter or a year for a unit subtree."""
        payload = PeriodCloseIn(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        close = services.period_close(actor=request.user, **payload.validated_data)
        return Response(PeriodCloseOut(close).data, status=status.HTTP_201_CREATED)


class AuthorizedStrengthViewSet(
    ListFilterMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Authorised strength (biên chế) of the units of the caller's subtree."""

    queryset = AuthorizedStrength.objects.none()
    serializer_class = AuthorizedStrengthOut
    filterset_class = AuthorizedStrengthFilter

    def get_queryset(self) -> QuerySet[AuthorizedStrength]:
        return AuthorizedStrength.objects.visible_to(self.request.user).select_related(
            "unit", "type"
        )

    @extend_schema(request=AuthorizedStrengthIn, responses={201: AuthorizedStrengthOut})
    def create(self, request: Request) -> Response:
        """Sets how many of a type a unit may hold from a date."""
        payload = AuthorizedStrengthIn(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        row = services.authorized_strength_set(actor=request.user, **payload.validated_data)
        return Response(AuthorizedStrengthOut(row).data, status=status.HTTP_201_CREATED)
