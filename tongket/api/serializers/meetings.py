"""Shapes of meetings, their bridge points, conclusions and follow-up tasks in the API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tongket.api.serializers.org import PartnerUnitCodeField, RegistryPersonField
from tongket.api.serializers.resolutions import (
    ENUM_NAMES,
    MAX_INT,
    InlineChoiceField,
    ModelSerializer,
    PartialMixin,
    ScopedIdField,
    unit_code,
)
from tongket.api.serializers.reviews import campaign_id_field
from tongket.meetings import selectors
from tongket.meetings.choices import (
    AddressKind,
    MeetingFormat,
    MeetingKind,
    TaskStatus,
    TimeOfDay,
)
from tongket.meetings.models import Conclusion, FollowUpTask, Meeting, RemoteSite
from tongket.org.choices import UnitKind
from tongket.org.selectors import body_group_get

ENUM_NAMES.update(
    {
        frozenset(choices.values): f"{choices.__name__}Enum"
        for choices in (AddressKind, MeetingFormat, MeetingKind, TaskStatus, TimeOfDay)
    }
)
SETTABLE_STATUS = [
    (TaskStatus.OPEN, TaskStatus.OPEN.label),
    (TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS.label),
    (TaskStatus.DONE, TaskStatus.DONE.label),
]


def conclusion_id_field(**kwargs: Any) -> ScopedIdField:
    return ScopedIdField(
        getter=lambda user, pk: selectors.conclusion_get(user=user, pk=pk),
        unknown=_("No conclusion you can see has the id %(id)s."),
        **kwargs,
    )


# --- Reading ------------------------------------------------------------------------------


class RemoteSiteSerializer(ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = RemoteSite
        fields = ["id", "name", "unit", "attendees"]


class TaskSerializer(ModelSerializer):
    assignee = serializers.SlugRelatedField(slug_field="code", read_only=True)
    assignee_name = serializers.CharField(source="assignee.name", read_only=True)
    meeting = serializers.IntegerField(source="conclusion.meeting_id", read_only=True)
    assignee_group = serializers.IntegerField(
        source="assignee_group_id",
        read_only=True,
        allow_null=True,
        help_text="The body the task is given to (its unit is `assignee`)",
    )
    batch = serializers.IntegerField(
        source="batch_id",
        read_only=True,
        allow_null=True,
        help_text="The task given to several units this one is part of",
    )
    effective_status = serializers.SerializerMethodField(
        help_text="overdue: the deadline passed and the task is not done (a task without a "
        "deadline is never overdue)"
    )

    class Meta:
        model = FollowUpTask
        fields = [
            "id",
            "conclusion",
            "meeting",
            "title",
            "assignee",
            "assignee_name",
            "assignee_group",
            "batch",
            "deadline",
            "status",
            "effective_status",
            "done_on",
            "note",
            "version",
        ]

    def get_effective_status(self, obj: FollowUpTask) -> str:
        return obj.effective_status()


class TaskBatchSerializer(serializers.Serializer):
    """A task given to several units, followed as one: its per-unit tasks and progress."""

    id = serializers.IntegerField(source="batch.pk")
    version = serializers.IntegerField(source="batch.version")
    conclusion = serializers.IntegerField(source="batch.conclusion_id")
    title = serializers.CharField(source="batch.title")
    deadline = serializers.DateField(source="batch.deadline", allow_null=True)
    note = serializers.CharField(source="batch.note")
    address = InlineChoiceField(source="batch.address", choices=AddressKind.choices)
    root = serializers.CharField(
        source="batch.root.code", allow_null=True, default=None, help_text="Code of the unit"
    )
    depth = serializers.IntegerField(source="batch.depth", allow_null=True)
    unit_kind = serializers.CharField(source="batch.unit_kind")
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    overdue = serializers.IntegerField()
    tasks = TaskSerializer(many=True)


class ConclusionSerializer(ModelSerializer):
    tasks = TaskSerializer(many=True, read_only=True)
    batches = serializers.SerializerMethodField()

    class Meta:
        model = Conclusion
        fields = ["id", "number", "text", "tasks", "batches"]

    @extend_schema_field(TaskBatchSerializer(many=True))
    def get_batches(self, obj: Conclusion) -> Any:
        """The tasks given to several units, each with its progress ("3 of 12 done")."""
        _single, progress = selectors.tasks_by_batch(list(obj.tasks.all()))
        return TaskBatchSerializer(progress, many=True).data


class MeetingSerializer(ModelSerializer):
    host_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    chair = serializers.IntegerField(source="chair_id", read_only=True)
    chair_name = serializers.CharField(source="chair.full_name", default="", read_only=True)
    secretary = serializers.IntegerField(source="secretary_id", read_only=True, allow_null=True)
    secretary_name = serializers.CharField(source="secretary.full_name", default="", read_only=True)
    campaign = serializers.IntegerField(source="campaign_id", read_only=True)
    when = serializers.CharField(source="when_text", read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "title",
            "session",
            "host_unit",
            "date",
            "time_of_day",
            "when",
            "format",
            "place",
            "chair",
            "chair_name",
            "secretary",
            "secretary_name",
            "campaign",
            "version",
        ]


class MeetingDetailSerializer(MeetingSerializer):
    presenters = serializers.SerializerMethodField()
    participants = serializers.SerializerMethodField()
    participant_units = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    documents = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    remote_sites = RemoteSiteSerializer(many=True, read_only=True)
    conclusions = serializers.SerializerMethodField()

    class Meta(MeetingSerializer.Meta):
        fields = [
            *MeetingSerializer.Meta.fields,
            "guests",
            "agenda",
            "minutes",
            "presenters",
            "participants",
            "participant_units",
            "documents",
            "remote_sites",
            "conclusions",
        ]

    def get_presenters(self, obj: Meeting) -> list[dict[str, Any]]:
        return [{"id": p.pk, "full_name": p.full_name} for p in obj.presenters.all()]

    def get_participants(self, obj: Meeting) -> list[dict[str, Any]]:
        return [{"id": p.pk, "full_name": p.full_name} for p in obj.participants.all()]

    def get_conclusions(self, obj: Meeting) -> Any:
        conclusions = obj.conclusions.prefetch_related(
            "tasks__assignee", "tasks__conclusion", "tasks__batch__root"
        )
        return ConclusionSerializer(conclusions, many=True).data


# --- Query parameters ---------------------------------------------------------------------


class MeetingQuerySerializer(serializers.Serializer):
    start = serializers.DateField(required=False, help_text="From this date")
    end = serializers.DateField(required=False, help_text="Up to this date")
    campaign = campaign_id_field(required=False)
    kind = InlineChoiceField(choices=MeetingKind.choices, required=False)


class TaskQuerySerializer(serializers.Serializer):
    assignee = unit_code(
        required=False, help_text="Tasks given to this unit or below it (its code)"
    )
    status = InlineChoiceField(choices=TaskStatus.choices, required=False)
    campaign = campaign_id_field(required=False)
    batch = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text="The per-unit tasks of a task given to several units",
    )


# --- Writing ------------------------------------------------------------------------------


class MeetingWriteSerializer(serializers.Serializer):
    host_unit = unit_code(help_text="The unit that holds the meeting (its code)")
    kind = InlineChoiceField(choices=MeetingKind.choices)
    title = serializers.CharField(max_length=300)
    date = serializers.DateField()
    time_of_day = InlineChoiceField(choices=TimeOfDay.choices, default=TimeOfDay.MORNING)
    format = InlineChoiceField(choices=MeetingFormat.choices, default=MeetingFormat.IN_PERSON)
    session = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    chair = RegistryPersonField(required=False, allow_null=True, default=None)
    secretary = RegistryPersonField(
        required=False, allow_null=True, default=None, help_text="Keeps and signs the minutes"
    )
    presenters = serializers.ListField(child=RegistryPersonField(), required=False, max_length=500)
    participants = serializers.ListField(
        child=RegistryPersonField(), required=False, max_length=500
    )
    participant_units = serializers.ListField(
        child=PartnerUnitCodeField(), required=False, max_length=500
    )
    guests = serializers.CharField(required=False, allow_blank=True, default="")
    agenda = serializers.CharField(required=False, allow_blank=True, default="")
    minutes = serializers.CharField(required=False, allow_blank=True, default="")
    campaign = campaign_id_field(required=False, allow_null=True, default=None)


class MeetingUpdateSerializer(PartialMixin, serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    kind = InlineChoiceField(choices=MeetingKind.choices)
    title = serializers.CharField(max_length=300)
    date = serializers.DateField()
    time_of_day = InlineChoiceField(choices=TimeOfDay.choices)
    format = InlineChoiceField(choices=MeetingFormat.choices)
    session = serializers.CharField(allow_blank=True, max_length=60)
    place = serializers.CharField(allow_blank=True, max_length=200)
    chair = RegistryPersonField(allow_null=True)
    secretary = RegistryPersonField(allow_null=True, help_text="Keeps and signs the minutes")
    presenters = serializers.ListField(child=RegistryPersonField(), max_length=500)
    participants = serializers.ListField(child=RegistryPersonField(), max_length=500)
    participant_units = serializers.ListField(child=PartnerUnitCodeField(), max_length=500)
    guests = serializers.CharField(allow_blank=True)
    agenda = serializers.CharField(allow_blank=True)
    minutes = serializers.CharField(allow_blank=True)
    campaign = campaign_id_field(allow_null=True)


class RemoteSiteWriteSerializer(serializers.Serializer):
    name = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text="Default: the unit's name",
    )
    unit = PartnerUnitCodeField(required=False, allow_null=True, default=None)
    attendees = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=MAX_INT
    )


class RemoteSiteRemoveSerializer(serializers.Serializer):
    site = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Its id")


class ConclusionWriteSerializer(serializers.Serializer):
    text = serializers.CharField()


class TaskWriteSerializer(serializers.Serializer):
    conclusion = conclusion_id_field()
    title = serializers.CharField(max_length=500)
    assignee = PartnerUnitCodeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The unit the task is given to (its code; any branch); or `group`",
    )
    group = ScopedIdField(
        getter=lambda user, pk: body_group_get(user=user, pk=pk, reach=True),
        unknown=_("No body you can reach has the id %(id)s."),
        required=False,
        allow_null=True,
        default=None,
        help_text="Or a body (steering committee, drafting team…) by id",
    )
    deadline = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Omitted or null: not yet determined (never overdue)",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TaskBatchWriteSerializer(serializers.Serializer):
    """One task for several units: `units` (codes), or every unit `depth` levels below
    `root` (of `unit_kind` if given) that existed on the day of the meeting."""

    conclusion = conclusion_id_field()
    title = serializers.CharField(max_length=500)
    units = serializers.ListField(
        child=PartnerUnitCodeField(), required=False, max_length=500, help_text="Unit codes"
    )
    root = PartnerUnitCodeField(required=False, help_text="All units under this one (code)")
    depth = serializers.IntegerField(required=False, min_value=1, max_value=10)
    unit_kind = InlineChoiceField(choices=UnitKind.choices, required=False)
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("root") is not None and "depth" not in data:
            data["depth"] = 1
        return data


class TaskBatchUpdateSerializer(PartialMixin, serializers.Serializer):
    """What is sent is changed for the batch and, for `title` and `deadline`, for each of
    its per-unit tasks not yet done; `version` as read refuses a stale change (409)."""

    version = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    title = serializers.CharField(max_length=500)
    deadline = serializers.DateField(allow_null=True, help_text="null: not yet determined")
    note = serializers.CharField(allow_blank=True, help_text="The batch's note only")


class TaskBatchUnitsSerializer(serializers.Serializer):
    """Give the batch's task to more units (`add`) or take it back from units (`remove`: a
    unit that has reported on its task is refused by name), one of the two; `version` as
    read refuses a stale change (409)."""

    version = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    add = serializers.ListField(
        child=PartnerUnitCodeField(), required=False, max_length=500, help_text="Unit codes"
    )
    remove = serializers.ListField(
        child=PartnerUnitCodeField(), required=False, max_length=500, help_text="Unit codes"
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if bool(data.get("add")) == bool(data.get("remove")):
            raise serializers.ValidationError(
                _("Send the units to add or the units to take the task back from, not both.")
            )
        return data


class TaskBatchExpandSerializer(serializers.Serializer):
    """The units, among those that joined the batch's level since its date, to give the task
    to (`GET …/level-changes/` lists them)."""

    version = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    units = serializers.ListField(
        child=PartnerUnitCodeField(), min_length=1, max_length=500, help_text="Unit codes"
    )


class LevelUnitSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class LevelLeftSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    task = serializers.IntegerField(allow_null=True, help_text="Its task in the batch, if any")
    status = InlineChoiceField(choices=TaskStatus.choices, allow_null=True)


class TaskBatchLevelChangesSerializer(serializers.Serializer):
    """A batch given to a level against the level on `on` (today): the units that joined it
    since the batch's date without a task yet, and those that left it (with their task)."""

    batch = serializers.IntegerField(source="batch.pk")
    is_level = serializers.BooleanField(
        help_text="false: the task was given to units named one by one (nothing to re-expand)"
    )
    since = serializers.DateField(source="batch.conclusion.meeting.date")
    on = serializers.DateField()
    joined = LevelUnitSerializer(many=True)
    left = serializers.SerializerMethodField()

    @extend_schema_field(LevelLeftSerializer(many=True))
    def get_left(self, obj: Any) -> Any:
        return [
            {
                "code": unit.code,
                "name": unit.name,
                "task": task.pk if task else None,
                "status": task.status if task else None,
            }
            for unit, task in obj.left
        ]


class TaskStatusSerializer(serializers.Serializer):
    status = InlineChoiceField(choices=SETTABLE_STATUS, enum_name="TaskSettableStatusEnum")
    note = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)
    done_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Default: today, when done"
    )


class RenderSerializer(serializers.Serializer):
    kind = InlineChoiceField(
        choices=[
            ("invitation", "invitation"),
            ("minutes", "minutes"),
            ("conclusion_notice", "conclusion_notice"),
        ],
        enum_name="MeetingDocumentKindEnum",
    )
