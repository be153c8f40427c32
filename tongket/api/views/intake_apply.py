"""The intake over REST, writing: `POST /api/v1/intake/apply/` makes the meeting read from a
text (its people, award counts, conclusions and tasks) and
`POST /api/v1/intake/apply-decision/` records the commendation decision read from one (its
counts and the awardees it names), each from the proposal the read endpoint answered, as the
client checked it. The same services as the page (tongket.intake.applying,
decision_applying) and the same conversion of the rows (tongket.intake.rows); the rules live
there.

An error about a row names it by its place among the rows sent, counted from 1 as the rest
of the API counts rows (`counts[1]`): `people[3].name`, `awardees[2].unit`, `conclusions[1]`.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongket.api.serializers.intake_apply import (
    IntakeApplyDecisionSerializer,
    IntakeApplySerializer,
    IntakeCheckedSerializer,
    IntakeMadeSerializer,
)
from tongket.intake.applying import MeetingChoice, intake_apply, sources_of
from tongket.intake.decision_applying import (
    DecisionChoice,
    intake_apply_decision,
    intake_check_decision,
)
from tongket.intake.rows import (
    awardees_chosen,
    awards_chosen,
    conclusions_chosen,
    people_chosen,
    ticked,
)

# The service's name of a row's field: "people-0-name" is the first row it was given.
_SERVICE_ROW = re.compile(r"^(people|awards|conclusions|awardees)-(\d+)(?:-(\w+))?$")
# Where the API answers each record made from a text.
DETAIL_ROUTES = {
    "meeting": "meeting-detail",
    "followuptask": "follow-up-task-detail",
    "taskbatch": "task-batch-detail",
    "person": "person-detail",
    "awarddecision": "award-decision-detail",
    "nomination": "nomination-detail",
}


def _messages(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [message for item in value.values() for message in _messages(item)]
    if isinstance(value, list):
        return [message for item in value for message in _messages(item)]
    return [str(value)]


def _named(name: str, value: Any, found: dict[str, list[str]]) -> None:
    """A serializer's errors by field, a row's and a list item's by their place from 1
    (DRF keys them by index from 0, or lists them in order)."""
    if isinstance(value, dict):
        for key, problem in value.items():
            if isinstance(key, int):
                _named(f"{name}[{key + 1}]", problem, found)
            elif key == "non_field_errors" and name:
                _named(name, problem, found)
            else:
                _named(f"{name}.{key}" if name else str(key), problem, found)
    elif isinstance(value, list) and any(isinstance(item, dict) for item in value):
        for number, item in enumerate(value, start=1):
            if item:
                _named(f"{name}[{number}]", item, found)
    else:
        found.setdefault(name, []).extend(_messages(value))


def _valid(serializer_class: type, request: Request) -> dict[str, Any]:
    """The proposal checked by its serializer; a bad row answers 400 naming it
    (`people[2].match`), never only its list."""
    serializer = serializer_class(data=request.data, context={"request": request})
    if serializer.is_valid():
        return dict(serializer.validated_data)
    found: dict[str, list[str]] = {}
    _named("", dict(serializer.errors), found)
    raise serializers.ValidationError(found)


def _renamed(error: ValidationError, data: dict[str, Any]) -> ValidationError:
    """The service's row names ("people-1-name", the second row ticked) as the rows sent."""
    if not hasattr(error, "error_dict"):
        return error
    found: dict[str, list[ValidationError]] = {}
    renamed = False
    for field, items in error.error_dict.items():
        sent = _sent_name(field, data)
        renamed = renamed or sent != field
        found.setdefault(sent, []).extend(items)
    return ValidationError(found) if renamed else error


def _sent_name(field: str, data: dict[str, Any]) -> str:
    """A service's row name ("awardees-1-unit", the second row ticked) as the rows sent
    ("awardees[3].unit"); other names as they are."""
    match = _SERVICE_ROW.match(field)
    if match is None:
        return field
    places = ticked(data.get(match[1]) or [])
    index = int(match[2])
    number = places[index] + 1 if index < len(places) else index + 1
    return f"{match[1]}[{number}]" + (f".{match[3]}" if match[3] else "")


def _raise_renamed(error: ValidationError, data: dict[str, Any]) -> Any:
    renamed = _renamed(error, data)
    if renamed is error:
        raise error
    raise renamed from error


def _made(record: Any, route: str) -> dict[str, Any]:
    source = sources_of(record)[0]
    records = []
    for link in source.links.select_related("content_type").order_by("pk"):
        kind = link.content_type.model
        try:
            url = reverse(DETAIL_ROUTES[kind], kwargs={"pk": link.object_id})
        except (KeyError, NoReverseMatch):
            url = None
        records.append({"type": kind, "id": link.object_id, "url": url})
    return {
        "source": source.pk,
        "page": reverse("ui:intake_result", args=[source.pk]),
        "id": record.pk,
        "url": reverse(route, kwargs={"pk": record.pk}),
        "records": records,
    }


def _facts(data: dict[str, Any]) -> dict[str, Any]:
    facts = dict(data.get("facts") or {})
    if data.get("published"):
        facts["published"] = data["published"].isoformat()
    return facts


@extend_schema(tags=["intake"])
class IntakeApplyView(APIView):
    """Make the meeting read from a text, as checked: the people to register (`create`) or
    named (`match`, else a guest), the chair and presenters, the award counts, each
    conclusion with its follow-up task, and the text linked to every record made. All or
    nothing: a refusal answers 400 naming the field or the row (`people[2].name`, rows
    counted from 1 among those sent) and writes nothing. Tracking officers and
    administrators of the host unit (403 otherwise; registering a person needs the people
    role); a unit out of reach reads as unknown."""

    @extend_schema(
        request=IntakeApplySerializer, responses={status.HTTP_201_CREATED: IntakeMadeSerializer}
    )
    def post(self, request: Request) -> Response:
        data = _valid(IntakeApplySerializer, request)
        try:
            meeting = intake_apply(
                by=request.user,
                host_unit=data["host_unit"],
                text=data["text"],
                facts=_facts(data),
                meeting=MeetingChoice(
                    kind=data["kind"],
                    title=data["title"],
                    date=data["date"],
                    time_of_day=data["time_of_day"],
                    format=data["format"],
                    place=data["place"],
                ),
                people=people_chosen(data["people"]),
                awards=awards_chosen(data["awards"]),
                conclusions=conclusions_chosen(data["conclusions"]),
                file_name=data["file_name"],
                conversion=data["conversion"],
            )
        except ValidationError as error:
            _raise_renamed(error, data)
        body = IntakeMadeSerializer(_made(meeting, "meeting-detail")).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(tags=["intake"])
class IntakeApplyDecisionView(APIView):
    """Record the commendation decision read from a text, as checked: taken on paper by
    `issuer` with its counts, the awardees named through the decision's list, and the text
    linked to the decision and every award it names. All or nothing: a refusal answers 400
    naming the field or the row (`awardees[3].unit`, rows counted from 1 among those sent)
    and writes nothing. Commendation officers and approvers of the issuing body (403
    otherwise); a body out of reach reads as unknown. `?dry_run=true` (or DHIS2's `dryRun`)
    checks the same and answers 200 with the warnings recording would give, recording
    nothing."""

    @extend_schema(
        request=IntakeApplyDecisionSerializer,
        parameters=[
            OpenApiParameter(
                "dry_run",
                bool,
                description=_("Check only: the same refusals and warnings, nothing recorded."),
            )
        ],
        responses={
            status.HTTP_201_CREATED: IntakeMadeSerializer,
            status.HTTP_200_OK: IntakeCheckedSerializer,
        },
    )
    def post(self, request: Request) -> Response:
        data = _valid(IntakeApplyDecisionSerializer, request)
        # `dryRun` as DHIS2's imports spell it.
        dry_run = _flag(request, "dry_run") or _flag(request, "dryRun")
        try:
            recorded = (intake_check_decision if dry_run else intake_apply_decision)(
                by=request.user,
                text=data["text"],
                facts=_facts(data),
                decision=DecisionChoice(
                    issuer=data["issuer"],
                    form=data["form"],
                    issued_on=data["issued_on"],
                    symbol=data["symbol"],
                    collectives=data["collectives"],
                    individuals=data["individuals"],
                    reason=data["reason"],
                ),
                awardees=awardees_chosen(data["awardees"]),
                file_name=data["file_name"],
                conversion=data["conversion"],
            )
        except ValidationError as error:
            _raise_renamed(error, data)
        warnings = recorded if isinstance(recorded, list) else recorded.warnings
        sent = [
            {**asdict(warning), "field": _sent_name(warning.field, data)} for warning in warnings
        ]
        if isinstance(recorded, list):
            return Response(IntakeCheckedSerializer({"recorded": False, "warnings": sent}).data)
        made = _made(recorded.decision, "award-decision-detail")
        made["warnings"] = sent
        body = IntakeMadeSerializer(made).data
        return Response(body, status=status.HTTP_201_CREATED)


def _flag(request: Request, name: str) -> bool:
    """A yes/no query parameter ("true", "1", "yes"; anything else is no)."""
    return str(request.query_params.get(name, "")).strip().lower() in {"true", "1", "yes"}
