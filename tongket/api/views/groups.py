"""Named bodies (Ban Chỉ đạo, Tổ Biên tập, Cơ quan Thường trực, Hội đồng Thi đua – Khen
thưởng) over REST. Reads through `org.selectors` (outside the caller's scope: 404); writes
through `org.services.groups`: the owning unit's tracking officers keep them."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tongket.api.serializers.groups import (
    BodyGroupDetailSerializer,
    BodyGroupMemberRemoveSerializer,
    BodyGroupMemberSerializer,
    BodyGroupMemberWriteSerializer,
    BodyGroupQuerySerializer,
    BodyGroupSerializer,
    BodyGroupUpdateSerializer,
    BodyGroupWriteSerializer,
)
from tongket.api.serializers.org import ChangeLogSerializer
from tongket.api.views.org import _valid
from tongket.api.views.resolutions import _fake, _query
from tongket.core.selectors import changelog_for_object
from tongket.org import selectors, services
from tongket.org.models import BodyGroup


@extend_schema(tags=["bodies"])
class BodyGroupViewSet(viewsets.GenericViewSet):
    """Bodies set up by units of your subtrees, with their members (people, or seats read
    as whoever holds them today). A body may have no member."""

    serializer_class = BodyGroupSerializer
    queryset = BodyGroup.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return BodyGroup.objects.none()
        return selectors.body_group_list(
            user=self.request.user, **_query(BodyGroupQuerySerializer, self.request)
        )

    def _object(self) -> BodyGroup:
        return selectors.body_group_get(user=self.request.user, pk=self.kwargs["pk"])

    def _detail(self, group: BodyGroup, code: int = status.HTTP_200_OK) -> Response:
        group = selectors.body_group_get(user=self.request.user, pk=group.pk)
        members = selectors.body_group_members(group=group)
        return Response(
            BodyGroupDetailSerializer(group, context={"members": members}).data, status=code
        )

    @extend_schema(parameters=[BodyGroupQuerySerializer])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(BodyGroupSerializer(page, many=True).data)

    @extend_schema(responses=BodyGroupDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(self._object())

    @extend_schema(request=BodyGroupWriteSerializer, responses={201: BodyGroupDetailSerializer})
    def create(self, request: Request) -> Response:
        """Record a body, with no member yet (the owning unit's tracking officers)."""
        group = services.body_group_create(
            by=request.user, **_valid(BodyGroupWriteSerializer, request)
        )
        return self._detail(group, status.HTTP_201_CREATED)

    @extend_schema(request=BodyGroupUpdateSerializer, responses=BodyGroupDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Change what is sent; `version` as read is required (409 when stale)."""
        group = self._object()  # another branch's body: 404 before the body is read
        data = _valid(BodyGroupUpdateSerializer, request)
        group = services.body_group_update(by=request.user, group=group, **data)
        return self._detail(group)

    @extend_schema(
        request=BodyGroupMemberWriteSerializer, responses={201: BodyGroupMemberSerializer}
    )
    @action(detail=True, methods=["post"])
    def members(self, request: Request, pk: str) -> Response:
        """Name a member: `person`, or a seat (`position_unit` and `position_title`)."""
        group = self._object()
        data = _valid(BodyGroupMemberWriteSerializer, request)
        data = {key: value for key, value in data.items() if value is not None}
        member = services.body_group_member_add(by=request.user, group=group, **data)
        return Response(BodyGroupMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=BodyGroupMemberRemoveSerializer, responses=BodyGroupDetailSerializer)
    @action(detail=True, methods=["post"], url_path="members/remove")
    def members_remove(self, request: Request, pk: str) -> Response:
        """Take a member off (the body stays)."""
        group = self._object()
        member = selectors.body_group_member_get(
            group=group, pk=_valid(BodyGroupMemberRemoveSerializer, request)["member"]
        )
        services.body_group_member_remove(by=request.user, member=member)
        return self._detail(group)

    @extend_schema(responses=ChangeLogSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str) -> Response:
        page = self.paginate_queryset(changelog_for_object(obj=self._object()))
        return self.get_paginated_response(
            ChangeLogSerializer(page, many=True, context=self.get_serializer_context()).data
        )
