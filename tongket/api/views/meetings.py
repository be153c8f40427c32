"""Meetings and conferences (hội nghị) over REST: recording them, their bridge points
(điểm cầu), conclusions and the follow-up tasks those become, the minutes and the conclusion
notice as documents; the assignee units report on their tasks.

Reads go through tongket.meetings.selectors (outside the caller's reach: 404), writes
through tongket.meetings.services: the host unit's tracking officers record the meeting,
its conclusions and tasks; the assignee unit's people set a task's status."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tongket.api.serializers.documents import DocumentSerializer
from tongket.api.serializers.meetings import (
    ConclusionSerializer,
    ConclusionWriteSerializer,
    MeetingDetailSerializer,
    MeetingQuerySerializer,
    MeetingSerializer,
    MeetingUpdateSerializer,
    MeetingWriteSerializer,
    RemoteSiteRemoveSerializer,
    RemoteSiteSerializer,
    RemoteSiteWriteSerializer,
    RenderSerializer,
    TaskBatchExpandSerializer,
    TaskBatchLevelChangesSerializer,
    TaskBatchSerializer,
    TaskBatchUnitsSerializer,
    TaskBatchUpdateSerializer,
    TaskBatchWriteSerializer,
    TaskQuerySerializer,
    TaskSerializer,
    TaskStatusSerializer,
    TaskWriteSerializer,
)
from tongket.api.serializers.org import ChangeLogSerializer
from tongket.api.views.org import _valid
from tongket.api.views.resolutions import _fake, _query
from tongket.core.selectors import changelog_for_object
from tongket.meetings import selectors, services
from tongket.meetings.models import FollowUpTask, Meeting, TaskBatch


@extend_schema(tags=["meetings"])
class MeetingViewSet(viewsets.GenericViewSet):
    """Meetings held by, attended by or bridged to a unit of your subtrees, or of a review
    campaign reaching you."""

    serializer_class = MeetingSerializer
    queryset = Meeting.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return Meeting.objects.none()
        return selectors.meeting_list(
            user=self.request.user, **_query(MeetingQuerySerializer, self.request)
        )

    def _object(self) -> Meeting:
        return selectors.meeting_get(user=self.request.user, pk=self.kwargs["pk"])

    def _detail(self, meeting: Meeting, code: int = status.HTTP_200_OK) -> Response:
        meeting = selectors.meeting_get(user=self.request.user, pk=meeting.pk)
        return Response(MeetingDetailSerializer(meeting).data, status=code)

    @extend_schema(parameters=[MeetingQuerySerializer])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(MeetingSerializer(page, many=True).data)

    @extend_schema(responses=MeetingDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(self._object())

    @extend_schema(request=MeetingWriteSerializer, responses={201: MeetingDetailSerializer})
    def create(self, request: Request) -> Response:
        """Record a meeting (the host unit's tracking officers)."""
        meeting = services.meeting_create(
            by=request.user, **_valid(MeetingWriteSerializer, request)
        )
        return self._detail(meeting, status.HTTP_201_CREATED)

    @extend_schema(request=MeetingUpdateSerializer, responses=MeetingDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Change what is sent; `version` as read refuses a stale change (code conflict)."""
        meeting = self._object()
        data = _valid(MeetingUpdateSerializer, request)
        return self._detail(services.meeting_update(by=request.user, meeting=meeting, **data))

    @extend_schema(request=MeetingUpdateSerializer, responses=MeetingDetailSerializer)
    def update(self, request: Request, pk: str) -> Response:
        return self.partial_update(request, pk)

    @extend_schema(request=None, responses={204: None})
    def destroy(self, request: Request, pk: str) -> Response:
        """Remove a meeting recorded by mistake (not one where a review was adopted)."""
        services.meeting_delete(by=request.user, meeting=self._object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=RemoteSiteSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="remote-sites")
    def remote_sites(self, request: Request, pk: str) -> Response:
        meeting = self._object()
        return Response(
            RemoteSiteSerializer(meeting.remote_sites.select_related("unit"), many=True).data
        )

    @extend_schema(request=RemoteSiteWriteSerializer, responses={201: RemoteSiteSerializer})
    @remote_sites.mapping.post
    def remote_sites_create(self, request: Request, pk: str) -> Response:
        """Add a bridge point to an online or hybrid meeting."""
        meeting = self._object()
        site = services.remote_site_add(
            by=request.user, meeting=meeting, **_valid(RemoteSiteWriteSerializer, request)
        )
        return Response(RemoteSiteSerializer(site).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RemoteSiteRemoveSerializer, responses={204: None})
    @action(detail=True, methods=["post"], url_path="remove-remote-site")
    def remove_remote_site(self, request: Request, pk: str) -> Response:
        """Remove a bridge point (the host's tracking officers)."""
        meeting = self._object()
        site_pk = _valid(RemoteSiteRemoveSerializer, request)["site"]
        site = selectors.remote_site_get(meeting=meeting, pk=site_pk)
        services.remote_site_remove(by=request.user, site=site)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=ConclusionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def conclusions(self, request: Request, pk: str) -> Response:
        meeting = self._object()
        conclusions = meeting.conclusions.prefetch_related(
            "tasks__assignee", "tasks__conclusion", "tasks__batch__root"
        )
        return Response(ConclusionSerializer(conclusions, many=True).data)

    @extend_schema(request=ConclusionWriteSerializer, responses={201: ConclusionSerializer})
    @conclusions.mapping.post
    def conclusions_create(self, request: Request, pk: str) -> Response:
        """Add a conclusion, numbered in order; give it tasks through /follow-up-tasks/."""
        meeting = self._object()
        conclusion = services.conclusion_add(
            by=request.user, meeting=meeting, **_valid(ConclusionWriteSerializer, request)
        )
        return Response(ConclusionSerializer(conclusion).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RenderSerializer, responses={201: DocumentSerializer})
    @action(detail=True, methods=["post"])
    def render(self, request: Request, pk: str) -> Response:
        """Draft the minutes or the conclusion notice as a document (download it from
        /documents/{id}/docx/)."""
        meeting = self._object()
        document = services.meeting_render(
            by=request.user, meeting=meeting, **_valid(RenderSerializer, request)
        )
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ChangeLogSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str) -> Response:
        page = self.paginate_queryset(changelog_for_object(obj=self._object()))
        return self.get_paginated_response(
            ChangeLogSerializer(page, many=True, context=self.get_serializer_context()).data
        )


@extend_schema(tags=["follow-up-tasks"])
class FollowUpTaskViewSet(viewsets.GenericViewSet):
    """Tasks that follow from meetings' conclusions, given to a unit of your subtrees or
    from a meeting held there. `?status=overdue`: the deadline passed, not done."""

    serializer_class = TaskSerializer
    queryset = FollowUpTask.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return FollowUpTask.objects.none()
        query = _query(TaskQuerySerializer, self.request)
        query["unit"] = query.pop("assignee", None)
        return selectors.task_list(user=self.request.user, **query)

    def _object(self) -> FollowUpTask:
        return selectors.task_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(parameters=[TaskQuerySerializer])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(TaskSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(TaskSerializer(self._object()).data)

    @extend_schema(request=TaskWriteSerializer, responses={201: TaskSerializer})
    def create(self, request: Request) -> Response:
        """Give a conclusion's task to a unit with a deadline (the host's tracking officers)."""
        task = services.task_add(by=request.user, **_valid(TaskWriteSerializer, request))
        task = selectors.task_get(user=request.user, pk=task.pk)
        return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TaskBatchWriteSerializer, responses={201: TaskBatchSerializer})
    @action(detail=False, methods=["post"])
    def batches(self, request: Request) -> Response:
        """Give one task to several units at once (`units`), or to every unit of a level
        under a unit (`root`, `depth`, `unit_kind`): one task per unit, followed as one
        (the host's tracking officers). `GET ?batch=` lists its per-unit tasks."""
        batch = services.task_batch_add(
            by=request.user, **_valid(TaskBatchWriteSerializer, request)
        )
        tasks = list(selectors.task_list(user=request.user, batch=batch))
        progress = selectors.BatchProgress(batch, tasks, timezone.localdate())
        return Response(TaskBatchSerializer(progress).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TaskStatusSerializer, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request: Request, pk: str) -> Response:
        """Report on the task: not started, in progress or done (the assignee unit)."""
        task = services.task_set_status(
            by=request.user, task=self._object(), **_valid(TaskStatusSerializer, request)
        )
        return Response(TaskSerializer(selectors.task_get(user=request.user, pk=task.pk)).data)


@extend_schema(tags=["follow-up-tasks"])
class TaskBatchViewSet(viewsets.GenericViewSet):
    """A task given to several units, followed as one, of a meeting you reach: its per-unit
    tasks and progress. Give one through `POST /follow-up-tasks/batches/`."""

    serializer_class = TaskBatchSerializer
    queryset = TaskBatch.objects.none()

    def _object(self) -> TaskBatch:
        return selectors.task_batch_get(user=self.request.user, pk=self.kwargs["pk"])

    def _answer(self, batch: TaskBatch) -> Response:
        progress = selectors.task_batch_progress(user=self.request.user, batch=batch)
        return Response(TaskBatchSerializer(progress).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._answer(self._object())

    @extend_schema(request=TaskBatchUpdateSerializer, responses=TaskBatchSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Change the batch's task, deadline or note; the task and the deadline change for
        every per-unit task not yet done (the host's tracking officers). `version` as read:
        a stale change answers 409."""
        batch = self._object()
        data = _valid(TaskBatchUpdateSerializer, request)
        return self._answer(services.task_batch_update(by=request.user, batch=batch, **data))

    @extend_schema(request=TaskBatchUnitsSerializer, responses=TaskBatchSerializer)
    @action(detail=True, methods=["post"])
    def units(self, request: Request, pk: str) -> Response:
        """Give the task to more units (`add`) or take it back (`remove`): each task added
        or taken back is logged under its unit; a unit that has reported on its task is
        refused by name (400). The host's tracking officers; a stale `version` answers 409."""
        batch = self._object()
        data = _valid(TaskBatchUnitsSerializer, request)
        if data.get("add"):
            services.task_batch_units_add(
                by=request.user, batch=batch, units=data["add"], version=data["version"]
            )
        else:
            services.task_batch_units_remove(
                by=request.user, batch=batch, units=data["remove"], version=data["version"]
            )
        return self._answer(self._object())

    @extend_schema(responses=TaskBatchLevelChangesSerializer)
    @action(detail=True, methods=["get"], url_path="level-changes", url_name="level-changes")
    def level_changes(self, request: Request, pk: str) -> Response:
        """For a batch given to a level: the units that joined the level since the batch's
        date (no task yet) and those that left it; nothing is written (`is_level` false and
        both empty for a batch of units named one by one)."""
        changes = selectors.task_batch_level_changes(user=request.user, batch=self._object())
        return Response(TaskBatchLevelChangesSerializer(changes).data)

    @extend_schema(request=TaskBatchExpandSerializer, responses=TaskBatchSerializer)
    @action(detail=True, methods=["post"])
    def expand(self, request: Request, pk: str) -> Response:
        """Give the task to the units confirmed among those that joined the level since the
        batch's date; a unit not among them is refused by name (400). The host's tracking
        officers; a stale `version` answers 409."""
        batch = self._object()
        data = _valid(TaskBatchExpandSerializer, request)
        services.task_batch_expand(
            by=request.user, batch=batch, units=data["units"], version=data["version"]
        )
        return self._answer(self._object())
