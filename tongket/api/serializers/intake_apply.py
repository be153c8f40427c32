"""The checked proposal of an intake, posted back to make its records: a meeting with its
people, award counts and conclusions (`/api/v1/intake/apply/`), or a commendation decision
with the awardees it names (`/api/v1/intake/apply-decision/`); and what was made."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tongket.api.serializers.resolutions import MAX_ID, InlineChoiceField
from tongket.awards import selectors as award_selectors
from tongket.awards.choices import NomineeKind
from tongket.core.errors import NotFound
from tongket.meetings.choices import TIME_WORDS, MeetingFormat, MeetingKind, TimeOfDay
from tongket.org import partners, selectors
from tongket.org.models import Unit

Getter = Callable[[Any, Any], Any]


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}]})
class RefField(serializers.Field):
    """A record by its id (a JSON number) or its code (a string), fetched by `by_id(user,
    pk)` or `by_code(user, code)`; one unknown or out of the caller's reach is reported the
    same way."""

    def __init__(self, *, by_id: Getter, by_code: Getter, unknown: Any, **kwargs: Any) -> None:
        self.by_id, self.by_code, self.unknown = by_id, by_code, unknown
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        user = self.context["request"].user
        try:
            if isinstance(data, int) and not isinstance(data, bool):
                if not 1 <= data <= MAX_ID:
                    raise NotFound(data)
                return self.by_id(user, data)
            if isinstance(data, str) and data.strip() and "\x00" not in data and len(data) <= 64:
                return self.by_code(user, data.strip())
        except NotFound:
            pass
        raise serializers.ValidationError(self.unknown % {"ref": data})

    def to_representation(self, value: Any) -> Any:
        return getattr(value, "pk", value)


def _any_unit(user: Any, pk: Any) -> Unit:
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None:
        raise NotFound(pk)
    return unit


def scoped_unit(**kwargs: Any) -> RefField:
    """A unit of the caller's subtrees, by id or current or former code."""
    return RefField(
        by_id=lambda user, pk: selectors.unit_get(user=user, pk=pk),
        by_code=lambda user, code: selectors.unit_resolve(user=user, code=code),
        unknown=_("No unit you can see has the id or code %(ref)s."),
        **kwargs,
    )


def any_unit(**kwargs: Any) -> RefField:
    """Any unit of the registry by id or code (a task may go to another branch's unit)."""
    return RefField(
        by_id=_any_unit,
        by_code=lambda user, code: partners.partner_unit(code=code),
        unknown=_("No unit has the id or code %(ref)s."),
        **kwargs,
    )


def _form_by_code(user: Any, code: str) -> Any:
    form = award_selectors.form_list().filter(code__iexact=code).first()
    if form is None:
        raise NotFound(code)
    return form


# --- A meeting -----------------------------------------------------------------------------


class _SourceSerializer(serializers.Serializer):
    text = serializers.CharField(
        trim_whitespace=False, help_text=_("The text read, as the read endpoint answered it.")
    )
    facts = serializers.JSONField(
        required=False,
        default=dict,
        help_text=_("The read endpoint's answer, kept with the text (optional)."),
    )
    published = serializers.DateField(required=False, allow_null=True, default=None)
    file_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    conversion = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)

    def validate_facts(self, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("Send the facts as an object."))
        return value


class PersonRowSerializer(serializers.Serializer):
    use = serializers.BooleanField(default=True, help_text=_("False: left out."))
    name = serializers.CharField(max_length=200)
    rank = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None)
    positions = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list, max_length=20
    )
    role = InlineChoiceField(
        choices=["chair", "presenter"],
        enum_name="IntakeRoleEnum",
        required=False,
        allow_null=True,
        default=None,
        help_text=_("null: present."),
    )
    match = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Id of the person the registry holds; null: a guest, or `create`."),
    )
    create = serializers.BooleanField(
        default=False, help_text=_("Register a new person (name, rank, positions) in the host.")
    )


class AwardRowSerializer(serializers.Serializer):
    use = serializers.BooleanField(default=True)
    form = serializers.CharField(max_length=100)
    collectives = serializers.IntegerField(min_value=0, max_value=10**6, default=0)
    individuals = serializers.IntegerField(min_value=0, max_value=10**6, default=0)
    proposed_to_higher = serializers.BooleanField(default=False)
    given_by = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class ConclusionRowSerializer(serializers.Serializer):
    use = serializers.BooleanField(default=True)
    text = serializers.CharField()
    assignee = any_unit(
        required=False, allow_null=True, default=None, help_text=_("Unit id or code.")
    )
    units = serializers.ListField(
        child=any_unit(),
        required=False,
        default=list,
        max_length=500,
        help_text=_("Several units (ids or codes): one task each, followed as one."),
    )
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    deadline_unknown = serializers.BooleanField(default=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("deadline"):  # a date written in wins, as on the page
            attrs["deadline_unknown"] = False
        return attrs


class IntakeApplySerializer(_SourceSerializer):
    """The meeting as checked, with the rows of people, award counts and conclusions as the
    read endpoint answered them (`use: false` leaves a row out)."""

    host_unit = scoped_unit(help_text=_("Unit id or code: who held it."))
    kind = InlineChoiceField(choices=MeetingKind.choices)
    title = serializers.CharField(max_length=300)
    date = serializers.DateField()
    time_of_day = InlineChoiceField(
        choices=TimeOfDay.choices,
        default=TimeOfDay.MORNING,
        help_text=_("The value, or the word the read answers (sáng, trưa, chiều, tối)."),
    )
    format = InlineChoiceField(choices=MeetingFormat.choices, default=MeetingFormat.IN_PERSON)
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    people = PersonRowSerializer(many=True, required=False, default=list, max_length=500)
    awards = AwardRowSerializer(many=True, required=False, default=list, max_length=100)
    conclusions = ConclusionRowSerializer(many=True, required=False, default=list, max_length=200)

    def to_internal_value(self, data: Any) -> Any:
        # The time of day as the read answered it ("chiều"): a read proposal applies as it came.
        word = data.get("time_of_day") if isinstance(data, dict) else None
        if isinstance(word, str) and word.strip().lower() in TIME_WORDS:
            data = {**data, "time_of_day": TIME_WORDS[word.strip().lower()]}
        return super().to_internal_value(data)


# --- A commendation decision ----------------------------------------------------------------


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}]})
class AwardeeUnitField(serializers.CharField):
    """The unit of an awardee as the decision's list reads it: a code, abbreviation or name,
    or a unit's id (the read endpoint's `unit_match`), taken as its code."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, int) and not isinstance(data, bool):
            found = Unit.objects.filter(pk=data) if 1 <= data <= MAX_ID else Unit.objects.none()
            code = found.values_list("code", flat=True).first()
            if code is None:
                raise serializers.ValidationError(
                    _("No unit has the id or code %(ref)s.") % {"ref": data}
                )
            return code
        return super().to_internal_value(data)


class AwardeeRowSerializer(serializers.Serializer):
    use = serializers.BooleanField(default=True)
    kind = InlineChoiceField(choices=NomineeKind.choices)
    name = serializers.CharField(max_length=200)
    unit = AwardeeUnitField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text=_(
            "Unit id, or code, abbreviation or name; empty: looked for in the whole issuing body."
        ),
    )


class IntakeApplyDecisionSerializer(_SourceSerializer):
    """The decision as checked, with the awardees it names (`use: false` leaves one out: the
    decision still counts them)."""

    issuer = scoped_unit(help_text=_("Unit id or code of the body that gives it."))
    form = RefField(
        by_id=lambda user, pk: award_selectors.form_get(pk=pk),
        by_code=_form_by_code,
        unknown=_("No award form has the id or code %(ref)s."),
        help_text=_("Award form id or code."),
    )
    symbol = serializers.CharField(required=False, allow_blank=True, default="", max_length=128)
    issued_on = serializers.DateField()
    collectives = serializers.IntegerField(min_value=0, max_value=10**6, default=0)
    individuals = serializers.IntegerField(min_value=0, max_value=10**6, default=0)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    awardees = AwardeeRowSerializer(many=True, required=False, default=list, max_length=2000)


# --- What was made --------------------------------------------------------------------------


class MadeRecordSerializer(serializers.Serializer):
    type = serializers.CharField(
        help_text=_(
            "meeting, meetingawardcount, conclusion, followuptask, taskbatch, person, "
            "awarddecision or nomination."
        )
    )
    id = serializers.IntegerField()
    url = serializers.CharField(
        allow_null=True, help_text=_("Its address in this API; null when it has none.")
    )


class AwardeeWarningSerializer(serializers.Serializer):
    field = serializers.CharField(
        help_text=_("The awardee's row among the rows sent, counted from 1 (awardees[3]).")
    )
    name = serializers.CharField()
    code = serializers.ChoiceField(
        choices=["quota", "repeat"],
        help_text=_("quota: beyond the body's quota; repeat: awarded the form again too soon."),
    )
    message = serializers.CharField()


class IntakeMadeSerializer(serializers.Serializer):
    source = serializers.IntegerField(help_text=_("Id of the source text kept."))
    page = serializers.CharField(help_text=_("The page listing what the text made."))
    id = serializers.IntegerField(help_text=_("The meeting or award decision made."))
    url = serializers.CharField()
    records = MadeRecordSerializer(many=True, help_text=_("Every record made from the text."))
    warnings = AwardeeWarningSerializer(
        many=True,
        required=False,
        help_text=_(
            "An award decision: the awardees it names beyond the body's quota or awarded the "
            "form again too soon (recorded all the same: a decision taken on paper is a fact)."
        ),
    )


class IntakeCheckedSerializer(serializers.Serializer):
    """What `?dry_run=true` answers: nothing was recorded."""

    recorded = serializers.BooleanField(help_text=_("Always false: a dry run records nothing."))
    warnings = AwardeeWarningSerializer(
        many=True,
        help_text=_("The warnings recording the decision as sent would give (empty when none)."),
    )
