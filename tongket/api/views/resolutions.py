"""Resolutions, their outline, indicators, targets and assignments over REST.

Reads go through the scoped selectors (outside the caller's reach: 404), writes through the
services (rules broken: 400 naming the field; a role missing: 403). A view fetches the object
it acts on before it reads the body, so an object of another branch answers 404 whatever is
sent.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from tongket.api.serializers.org import ChangeLogSerializer
from tongket.api.serializers.resolutions import (
    AssignmentQuerySerializer,
    AssignmentSerializer,
    AssignmentStatusSerializer,
    AssignmentUpdateSerializer,
    AssignmentWriteSerializer,
    AttachmentSerializer,
    AttachmentWriteSerializer,
    CascadeSerializer,
    ImportSerializer,
    IndicatorQuerySerializer,
    IndicatorSerializer,
    IndicatorUpdateSerializer,
    IndicatorWriteSerializer,
    IssueSerializer,
    ItemMoveSerializer,
    ItemSerializer,
    ItemUpdateSerializer,
    ItemWriteSerializer,
    PartySerializer,
    PartyWriteSerializer,
    PhaseSerializer,
    RelationSerializer,
    RelationWriteSerializer,
    ResolutionDetailSerializer,
    ResolutionFilterSerializer,
    ResolutionQuerySerializer,
    ResolutionSerializer,
    ResolutionUpdateSerializer,
    ResolutionWriteSerializer,
    StatusSerializer,
    TargetAdjustSerializer,
    TargetDetailSerializer,
    TargetQuerySerializer,
    TargetSerializer,
    TargetWriteSerializer,
)
from tongket.api.views.org import _valid
from tongket.core.errors import NotFound
from tongket.core.selectors import changelog_for_object
from tongket.core.uploads import check_upload
from tongket.org.selectors import unit_resolve
from tongket.resolutions import selectors, services
from tongket.resolutions.models import Assignment, Indicator, Item, Resolution, Target

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKBOOK_RESPONSE = {(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="XLSX")}


def _query(serializer_class: type, request: Request) -> dict[str, Any]:
    """Query parameters checked like a body: a bad one is a 400 naming it."""
    serializer = serializer_class(data=request.query_params, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _fake(view: Any) -> bool:
    """The schema generator calls views without a real request."""
    return bool(getattr(view, "swagger_fake_view", False))


def _counts(name: str, keys: list[str]) -> Any:
    return inline_serializer(name, {key: serializers.IntegerField() for key in keys})


# --- Resolutions --------------------------------------------------------------------------


@extend_schema(tags=["resolutions"])
class ResolutionViewSet(viewsets.GenericViewSet):
    """Resolutions and every followed document (directives, programmes, plans…) reaching
    you: issued or kept in your subtrees or above them, or with a party there."""

    serializer_class = ResolutionSerializer
    queryset = Resolution.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        if _fake(self):
            return Resolution.objects.none()
        return selectors.resolution_list(
            user=self.request.user, **_query(ResolutionQuerySerializer, self.request)
        )

    def _object(self) -> Resolution:
        return selectors.resolution_get(user=self.request.user, pk=self.kwargs["pk"])

    def _detail(self, resolution: Resolution, code: int = status.HTTP_200_OK) -> Response:
        context = {"request": self.request}
        return Response(ResolutionDetailSerializer(resolution, context=context).data, status=code)

    @extend_schema(parameters=[ResolutionQuerySerializer])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ResolutionSerializer(page, many=True).data)

    @extend_schema(responses=ResolutionDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(self._object())

    @extend_schema(request=ResolutionWriteSerializer, responses={201: ResolutionDetailSerializer})
    def create(self, request: Request) -> Response:
        resolution = services.resolution_create(
            by=request.user, **_valid(ResolutionWriteSerializer, request)
        )
        return self._detail(resolution, status.HTTP_201_CREATED)

    @extend_schema(request=ResolutionUpdateSerializer, responses=ResolutionDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        resolution = self._object()
        data = _valid(ResolutionUpdateSerializer, request)
        return self._detail(
            services.resolution_update(by=request.user, resolution=resolution, **data)
        )

    @extend_schema(request=ResolutionUpdateSerializer, responses=ResolutionDetailSerializer)
    def update(self, request: Request, pk: str) -> Response:
        """Only the fields sent change (as PATCH)."""
        return self.partial_update(request, pk)

    @extend_schema(request=IssueSerializer, responses=ResolutionDetailSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: str) -> Response:
        """Give a draft or a document mentioned its number and symbol (and issue date): it is
        in force, and its waiting supersessions take effect."""
        resolution = self._object()
        data = _valid(IssueSerializer, request)
        return self._detail(
            services.resolution_issue(by=request.user, resolution=resolution, **data)
        )

    @extend_schema(request=StatusSerializer, responses=ResolutionSerializer)
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def set_status(self, request: Request, pk: str) -> Response:
        resolution = self._object()
        data = _valid(StatusSerializer, request)
        resolution = services.resolution_set_status(by=request.user, resolution=resolution, **data)
        return Response(ResolutionSerializer(resolution).data)

    @extend_schema(request=RelationWriteSerializer, responses={201: RelationSerializer})
    @action(detail=True, methods=["post"])
    def relations(self, request: Request, pk: str) -> Response:
        """Record that this resolution supersedes, implements or amends another."""
        resolution = self._object()
        data = _valid(RelationWriteSerializer, request)
        relation = services.relation_add(by=request.user, source=resolution, **data)
        row = {"relation": relation, "other": relation.target, "outgoing": True}
        return Response(RelationSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"relations/(?P<relation_pk>[0-9]+)",
        url_name="relation",
    )
    def relation_remove(self, request: Request, pk: str, relation_pk: str) -> Response:
        relation = self._object().relations_out.filter(pk=int(relation_pk)).first()
        if relation is None:
            raise NotFound(_("Not found."))
        services.relation_remove(by=request.user, relation=relation)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=PartyWriteSerializer, responses={201: PartySerializer})
    @action(detail=True, methods=["post"])
    def parties(self, request: Request, pk: str) -> Response:
        """Add a signing party (a coordination programme has several)."""
        resolution = self._object()
        data = _valid(PartyWriteSerializer, request)
        party = services.party_add(by=request.user, resolution=resolution, **data)
        return Response(PartySerializer(party).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"parties/(?P<party_pk>[0-9]+)",
        url_name="party",
    )
    def party_remove(self, request: Request, pk: str, party_pk: str) -> Response:
        party = self._object().parties.filter(pk=int(party_pk)).select_related("unit").first()
        if party is None:
            raise NotFound(_("Not found."))
        services.party_remove(by=request.user, party=party)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request={"multipart/form-data": AttachmentWriteSerializer},
        responses={201: AttachmentSerializer},
    )
    @action(detail=True, methods=["post"])
    def attachments(self, request: Request, pk: str) -> Response:
        """Attach a PDF or DOCX (checked by content, not by name)."""
        resolution = self._object()
        data = _valid(AttachmentWriteSerializer, request)
        attachment = services.attachment_add(by=request.user, resolution=resolution, **data)
        return Response(
            AttachmentSerializer(attachment, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    def _attachment(self, file_pk: str) -> Any:
        attachment = self._object().attachments.filter(pk=int(file_pk)).first()
        if attachment is None:
            raise NotFound(_("Not found."))
        return attachment

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<file_pk>[0-9]+)",
        url_name="attachment",
    )
    def attachment(self, request: Request, pk: str, file_pk: str) -> FileResponse:
        """Download a file of the resolution."""
        attachment = self._attachment(file_pk)
        try:
            handle = attachment.file.open("rb")
        except OSError as error:
            raise NotFound(_("The file is missing from the storage.")) from error
        return FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.name,
            content_type=attachment.content_type,
        )

    @extend_schema(request=None, responses={204: None})
    @attachment.mapping.delete
    def attachment_remove(self, request: Request, pk: str, file_pk: str) -> Response:
        services.attachment_remove(by=request.user, attachment=self._attachment(file_pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=WORKBOOK_RESPONSE)
    @action(detail=True, methods=["get"])
    def export(self, request: Request, pk: str) -> HttpResponse:
        """The indicators and the targets you may read, as the workbook that re-imports."""
        resolution = self._object()
        content = services.export_workbook(user=request.user, resolution=resolution)
        return _xlsx(content, f"chi-tieu-{resolution.pk}.xlsx")

    @extend_schema(responses=WORKBOOK_RESPONSE)
    @action(detail=True, methods=["get"], url_path="import-template", url_name="import-template")
    def import_template(self, request: Request, pk: str) -> HttpResponse:
        """The empty workbook to fill (drop-down lists and a guide)."""
        resolution = self._object()
        content = services.export_workbook(user=request.user, resolution=resolution, template=True)
        return _xlsx(content, f"mau-chi-tieu-{resolution.pk}.xlsx")

    @extend_schema(
        request={"multipart/form-data": ImportSerializer},
        responses={
            200: _counts(
                "IndicatorImportCounts",
                ["indicators_created", "indicators_updated", "targets_set"],
            )
        },
    )
    @action(detail=True, methods=["post"], url_path="import", url_name="import")
    def import_workbook(self, request: Request, pk: str) -> Response:
        """Import the indicators-and-targets workbook at once, all or nothing: a file with
        any bad row is refused (400, `errors.rows` listing sheet, row, column and message
        of every bad row) and nothing is written."""
        resolution = self._object()
        upload = _valid(ImportSerializer, request)["file"]
        check_upload(upload, allowed=("xlsx",))
        counts = services.indicators_import(by=request.user, resolution=resolution, file=upload)
        return Response(counts)

    @extend_schema(responses=ChangeLogSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str) -> Response:
        page = self.paginate_queryset(changelog_for_object(obj=self._object()))
        return self.get_paginated_response(
            ChangeLogSerializer(page, many=True, context=self.get_serializer_context()).data
        )


# --- Objectives, tasks and measures -------------------------------------------------------


@extend_schema(tags=["objectives"])
class ObjectiveViewSet(viewsets.GenericViewSet):
    """The outline of a resolution: objectives, tasks and measures, depth-first in order."""

    serializer_class = ItemSerializer
    queryset = Item.objects.none()

    def _object(self) -> Item:
        return selectors.item_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(parameters=[ResolutionFilterSerializer])
    def list(self, request: Request) -> Response:
        items = selectors.item_list(
            user=request.user, **_query(ResolutionFilterSerializer, request)
        )
        page = self.paginate_queryset(items)  # type: ignore[arg-type]
        return self.get_paginated_response(ItemSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(ItemSerializer(self._object()).data)

    @extend_schema(request=ItemWriteSerializer, responses={201: ItemSerializer})
    def create(self, request: Request) -> Response:
        item = services.item_create(by=request.user, **_valid(ItemWriteSerializer, request))
        return Response(ItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ItemUpdateSerializer, responses=ItemSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        item = self._object()
        data = _valid(ItemUpdateSerializer, request)
        return Response(
            ItemSerializer(services.item_update(by=request.user, item=item, **data)).data
        )

    @extend_schema(request=ItemUpdateSerializer, responses=ItemSerializer)
    def update(self, request: Request, pk: str) -> Response:
        return self.partial_update(request, pk)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: str) -> Response:
        """Remove the item and its sub-items (refused while indicators or assignments hang
        on them)."""
        services.item_delete(by=request.user, item=self._object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=ItemMoveSerializer, responses=ItemSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str) -> Response:
        """Move up or down among its siblings (the outline numbers follow)."""
        item = self._object()
        direction = _valid(ItemMoveSerializer, request)["direction"]
        item = services.item_move(by=request.user, item=item, offset=-1 if direction == "up" else 1)
        return Response(ItemSerializer(item).data)


# --- Indicators ---------------------------------------------------------------------------


@extend_schema(tags=["indicators"])
class IndicatorViewSet(viewsets.GenericViewSet):
    """Indicators (chỉ tiêu) of the resolutions reaching you."""

    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return Indicator.objects.none()
        return selectors.indicator_list(
            user=self.request.user, **_query(IndicatorQuerySerializer, self.request)
        )

    def _object(self) -> Indicator:
        return selectors.indicator_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(parameters=[IndicatorQuerySerializer])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(IndicatorSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(IndicatorSerializer(self._object()).data)

    @extend_schema(request=IndicatorWriteSerializer, responses={201: IndicatorSerializer})
    def create(self, request: Request) -> Response:
        indicator = services.indicator_create(
            by=request.user, **_valid(IndicatorWriteSerializer, request)
        )
        return Response(IndicatorSerializer(indicator).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=IndicatorUpdateSerializer, responses=IndicatorSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        indicator = self._object()
        data = _valid(IndicatorUpdateSerializer, request)
        updated = services.indicator_update(by=request.user, indicator=indicator, **data)
        return Response(IndicatorSerializer(updated).data)

    @extend_schema(request=IndicatorUpdateSerializer, responses=IndicatorSerializer)
    def update(self, request: Request, pk: str) -> Response:
        return self.partial_update(request, pk)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: str) -> Response:
        """Remove an indicator no value was reported for (its targets go with it)."""
        services.indicator_delete(by=request.user, indicator=self._object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Targets ------------------------------------------------------------------------------


@extend_schema(tags=["targets"])
class TargetViewSet(viewsets.GenericViewSet):
    """Targets of the units in your subtrees, per year or for the whole horizon. Every change
    is kept as an adjustment (old value, effective date, author, reason)."""

    serializer_class = TargetSerializer
    queryset = Target.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return Target.objects.none()
        params = _query(TargetQuerySerializer, self.request)
        year = params.pop("year", "any")
        if year != "any":
            year = None if year == "horizon" else int(year)
        return selectors.target_list(user=self.request.user, year=year, **params).order_by(
            "indicator_id", "unit__path", "year"
        )

    def _object(self) -> Target:
        return selectors.target_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(parameters=[TargetQuerySerializer])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(TargetSerializer(page, many=True).data)

    @extend_schema(responses=TargetDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(TargetDetailSerializer(self._object()).data)

    @extend_schema(
        request=TargetWriteSerializer,
        responses={201: TargetDetailSerializer, 200: TargetDetailSerializer},
    )
    def create(self, request: Request) -> Response:
        """Set the target of (indicator, unit, year): 201 when new, 200 when it adjusted an
        existing one."""
        data = _valid(TargetWriteSerializer, request)
        existed = selectors.target_list(
            user=request.user, indicator=data["indicator"], unit=data["unit"], year=data["year"]
        ).exists()
        target = services.target_set(by=request.user, **data)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(TargetDetailSerializer(target).data, status=code)

    @extend_schema(request=TargetAdjustSerializer, responses=TargetDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Adjust the target (value, reason, effective date; `version` guards)."""
        target = self._object()
        data = _valid(TargetAdjustSerializer, request)
        target = services.target_set(
            by=request.user,
            indicator=target.indicator,
            unit=target.unit,
            year=target.year,
            **data,
        )
        return Response(TargetDetailSerializer(target).data)

    @extend_schema(request=TargetAdjustSerializer, responses=TargetDetailSerializer)
    def update(self, request: Request, pk: str) -> Response:
        return self.partial_update(request, pk)

    @extend_schema(
        parameters=[OpenApiParameter("reason", str, description="Why (kept in the history)")],
        responses={204: None},
    )
    def destroy(self, request: Request, pk: str) -> Response:
        target = self._object()
        reason = request.query_params.get("reason", "")[:1000]
        services.target_delete(by=request.user, target=target, reason=reason)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=CascadeSerializer, responses=TargetSerializer(many=True))
    @action(detail=False, methods=["post"])
    def cascade(self, request: Request) -> Response:
        """Split a unit's target to the units directly below: evenly, in proportion to
        another indicator's targets, or by hand (`shares`: unit code → value)."""
        data = _valid(CascadeSerializer, request)
        shares = {}
        for code, value in data.pop("shares").items():
            try:
                shares[unit_resolve(user=request.user, code=code).pk] = value
            except NotFound:
                raise serializers.ValidationError(
                    {"shares": [_("No unit has the code %(code)s.") % {"code": code}]}
                ) from None
        targets = services.target_cascade(by=request.user, shares=shares or None, **data)
        return Response(TargetSerializer(targets, many=True).data)

    @extend_schema(request=PhaseSerializer, responses=TargetSerializer(many=True))
    @action(detail=False, methods=["post"])
    def phase(self, request: Request) -> Response:
        """Phase a unit's whole-horizon target over the years of the horizon."""
        targets = services.target_phase(by=request.user, **_valid(PhaseSerializer, request))
        return Response(TargetSerializer(targets, many=True).data)


# --- Assignments --------------------------------------------------------------------------


@extend_schema(tags=["assignments"])
class AssignmentViewSet(viewsets.GenericViewSet):
    """Tasks given to a lead unit with coordinating units and a deadline."""

    serializer_class = AssignmentSerializer
    queryset = Assignment.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return Assignment.objects.none()
        return selectors.assignment_list(
            user=self.request.user, **_query(AssignmentQuerySerializer, self.request)
        )

    def _object(self) -> Assignment:
        return selectors.assignment_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(parameters=[AssignmentQuerySerializer])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(AssignmentSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(AssignmentSerializer(self._object()).data)

    @extend_schema(request=AssignmentWriteSerializer, responses={201: AssignmentSerializer})
    def create(self, request: Request) -> Response:
        assignment = services.assignment_create(
            by=request.user, **_valid(AssignmentWriteSerializer, request)
        )
        return Response(AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AssignmentUpdateSerializer, responses=AssignmentSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        assignment = self._object()
        data = _valid(AssignmentUpdateSerializer, request)
        assignment = services.assignment_update(by=request.user, assignment=assignment, **data)
        return Response(AssignmentSerializer(assignment).data)

    @extend_schema(request=AssignmentUpdateSerializer, responses=AssignmentSerializer)
    def update(self, request: Request, pk: str) -> Response:
        return self.partial_update(request, pk)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: str) -> Response:
        services.assignment_delete(by=request.user, assignment=self._object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=AssignmentStatusSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def set_status(self, request: Request, pk: str) -> Response:
        """Report progress: the lead unit's people or the keepers of the resolution."""
        assignment = self._object()
        data = _valid(AssignmentStatusSerializer, request)
        assignment = services.assignment_set_status(by=request.user, assignment=assignment, **data)
        return Response(AssignmentSerializer(assignment).data)
