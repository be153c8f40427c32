"""No read leaks out of a scope or above a clearance: every read (GET) of /api/schema/, called
with generated data as a tracking officer of one subtree (qk2.theodoi: Quân khu 2, no
administrator, no clearance), never answers a server error or an undocumented answer, and no
answer names a record the officer must not see.

What the officer must not see is read from the database, kind by kind, without the
selectors (`forbidden_ids`): records outside Quân khu 2 by the units they touch (a
resolution reaches down from the bodies above it; a review campaign reaches its participants
and members; a decision reaches the units that proposed its awardees…), and records whose
mark (`core.classification`) is above the officer's clearance. Quân khu 2 holds no marked
record of its own in the demo, so the setup marks some inside it (`mark_inside`): its own
plan 15/KH-BTL (with its indicators and targets), a report, a conference at which that
report was presented (with a task from it), a nomination under the plan and the award
proposal putting it forward, all "secret"; it also makes an unmarked proposal of Quân khu 2
and one of Tổng cục CNQP, an assignment and comments out of reach (the demo has none).

The kinds scanned: units, people, bodies (Ban Chỉ đạo, Tổ Biên tập: one set up in Quân khu
2 and one in Quân khu 5 for the purpose), resolutions, objectives, indicators, targets,
assignments, report forms, reports, values, review campaigns, unit review reports,
documents, award proposals (a document of kind "award_proposal" is also a proposal),
comments, meetings, follow-up tasks, nominations and award decisions. Not scanned here:
reference data every branch shares (periods, ranks, award forms and authorities), users,
task batches (no list) and the analysis records (visualizations, unit groups and their sets,
validation rules, dashboards, exchange mappings); those are scanned by id in
test_scope_not_found_alike_records.py (the pages in ui/tests/test_views_not_found_alike.py).

An answer is walked for ids paired with their kind (`named_ids`): the items of a route by
its prefix (/meetings/ and /meetings/{id}/ answer meetings), a field by its name
("campaign", "document_id", "nominations": [...]), a search hit by its source. Ids of one
kind are never compared with those of another. The answer's text is also scanned for the
titles of the records marked inside Quân khu 2.

Not vacuous: every kind has records to look for, and the records marked inside Quân khu 2
exist, carry "secret" and lie in its subtree (`test_the_scan_is_not_vacuous`); the officer's
lists do answer with ids of every kind scanned, none forbidden (comments have no list: each
made here answers 404 to the officer and is read by the administrator). Every read of an
award proposal by its id is test_scope_proposals.py. The classified resolution
382-NQ/ĐUQSTW is read by another reader without clearance in test_schema_fuzz.py
(`bqp.theodoi`)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from django.db.models import Model
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token

from tongket.api.tests.test_schema_fuzz import CHECKS, reads
from tongket.api.tests.test_schema_fuzz import (
    keep_the_test_connection as keep_the_test_connection,
)

OFFICER = "qk2.theodoi"
EXAMPLES_PER_OPERATION = 2

# Route prefix → the kind of record its items are (at /prefix/ and /prefix/{id}/ only: the
# items of /meetings/{id}/conclusions/ are conclusions).
ROUTE_KINDS = {
    "units": "unit",
    "reports": "report",
    "resolutions": "resolution",
    "indicators": "indicator",
    "targets": "target",
    "documents": "document",
    "campaign-documents": "document",
    "meetings": "meeting",
    "campaigns": "campaign",
    "award-decisions": "decision",
    "nominations": "nomination",
    "people": "person",
    "follow-up-tasks": "task",
    "objectives": "item",
    "assignments": "assignment",
    "report-forms": "form",
    "unit-review-reports": "review",
    "document-comments": "comment",
    "body-groups": "body",
    "data-values": "value",
}
# Documents of these kinds are also records of their own kind (an award proposal, listed and
# opened as a document, is checked both as a document and as a proposal).
DOCUMENT_KINDS = {"award_proposal": "proposal"}
# Routes with no list (a comment is listed below its campaign document): their records are
# opened one by one in `test_the_scan_is_not_vacuous`.
UNLISTED = {"document-comments"}
# Every kind the lists name.
KINDS = sorted(
    {kind for prefix, kind in ROUTE_KINDS.items() if prefix not in UNLISTED}
    | set(DOCUMENT_KINDS.values())
)
# Field name (without "_id") → the kind of record it names, by id or as an object with its
# id, alone or in a list. Units and people are named by records as their issuers, hosts,
# chairs and guests from any branch (which the rules allow): their ids are scanned in the
# items of their own routes only.
FIELD_KINDS = {
    "resolution": "resolution",
    "resolutions": "resolution",
    "new_resolution": "resolution",
    "indicator": "indicator",
    "indicators": "indicator",
    "target": "target",
    "targets": "target",
    "document": "document",
    "documents": "document",
    "meeting": "meeting",
    "meetings": "meeting",
    "adopted_at": "meeting",
    "campaign": "campaign",
    "campaigns": "campaign",
    "decision": "decision",
    "decisions": "decision",
    "nomination": "nomination",
    "nominations": "nomination",
    "task": "task",
    "tasks": "task",
    "report": "report",
    "reports": "report",
    "nominee_person": "person",
    "item": "item",
    "proposal": "proposal",
}
# A search hit names its record by model label.
SOURCE_KINDS = {
    "resolutions.resolution": "resolution",
    "resolutions.indicator": "indicator",
    "reporting.report": "report",
    "documents.document": "document",
    "meetings.meeting": "meeting",
    "meetings.followuptask": "task",
    "reviews.reviewcampaign": "campaign",
    "awards.awarddecision": "decision",
    "awards.nomination": "nomination",
    "org.person": "person",
}

# The records marked inside Quân khu 2 (`mark_inside`), and the texts that name only them.
PLAN = "15/KH-BTL"
REPORT_SUBJECT = "Báo cáo kiểm thử mật về bảo đảm kỹ thuật Quân khu 2"
CONFERENCE_TITLE = "Hội nghị kiểm thử mật về bảo đảm kỹ thuật Quân khu 2"
SECRET_TASK = "Nhiệm vụ kiểm thử mật về bảo đảm kỹ thuật"
OPEN_TASK = "Nhiệm vụ kiểm thử không mật"
# The day of Quân khu 2's review conference of 623-NQ/QUTW (unmarked).
OPEN_CONFERENCE = datetime.date(2022, 7, 8)
MARK = "secret"
COMMENT = "Ý kiến kiểm thử phạm vi."


def route_kind(path: str) -> str | None:
    """The kind of the items a route answers (`ROUTE_KINDS`), None for its sub-routes."""
    parts = path.removeprefix("/api/v1/").strip("/").split("/")
    if len(parts) == 1 or (len(parts) == 2 and parts[1].startswith("{")):
        return ROUTE_KINDS.get(parts[0])
    return None


def named_ids(body: Any, kind: str | None = None) -> Iterator[tuple[str, int]]:
    """(kind, id) of every record an answer names: `body` itself is of `kind` (its "id"),
    a page's results too; fields by `FIELD_KINDS`, search hits by `SOURCE_KINDS`."""
    if isinstance(body, list):
        for item in body:
            yield from named_ids(item, kind)
        return
    if not isinstance(body, dict):
        return
    if kind and _an_id(body.get("id")):
        yield kind, body["id"]
        also = DOCUMENT_KINDS.get(str(body.get("kind"))) if kind == "document" else None
        if also:
            yield also, body["id"]
    source = SOURCE_KINDS.get(str(body.get("source")))
    if source and _an_id(body.get("object_id")):
        yield source, body["object_id"]
    for key, value in body.items():
        if key == "results":
            yield from named_ids(value, kind)
            continue
        named = FIELD_KINDS.get(key.removesuffix("_id") if key.endswith("_id") else key)
        if named and _an_id(value):
            yield named, value
        elif named and isinstance(value, list):
            yield from ((named, item) for item in value if _an_id(item))
        if isinstance(value, (dict, list)):
            yield from named_ids(value, named)


def _an_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def mark_inside(user: Any) -> dict[str, Model]:
    """Mark records inside the officer's subtree above the officer's clearance, through the
    services: Quân khu 2's plan 15/KH-BTL, a report of its command, a conference it holds
    at which that report is presented (the conference takes the report's mark), a
    nomination it proposes under the plan and the award proposal putting it forward (which
    takes the nomination's mark). Also, unmarked: a proposal of Quân khu 2 and one of Tổng
    cục CNQP, an assignment of Tổng cục CNQP, and comments on two dossier documents out of
    reach (the demo has no proposal, and no assignment or comment out of reach)."""
    from tongket.awards.models import Nomination
    from tongket.awards.proposals import PROPOSED_STATES, proposal_create
    from tongket.awards.services import nomination_create, nomination_submit
    from tongket.core.scopes import SYSTEM
    from tongket.documents.choices import DocumentKind, DocumentStatus
    from tongket.documents.models import Document
    from tongket.documents.services import comment_add, document_create
    from tongket.meetings.choices import MeetingKind
    from tongket.meetings.models import Meeting
    from tongket.meetings.services import (
        conclusion_add,
        meeting_create,
        meeting_document_add,
        task_add,
    )
    from tongket.org.choices import GroupKind
    from tongket.org.models import Unit
    from tongket.org.services.groups import body_group_create
    from tongket.resolutions.models import Item, Resolution
    from tongket.resolutions.services import assignment_create, resolution_update

    region = Unit.objects.get(code="QK2")
    assert user.clearance == "none"
    plan = resolution_update(
        by=SYSTEM, resolution=Resolution.objects.get(symbol=PLAN), classification=MARK
    )
    report = document_create(
        by=SYSTEM,
        kind=DocumentKind.REPORT,
        issuer=region,
        style="party",
        dated_on=datetime.date(2024, 3, 1),
        subject=REPORT_SUBJECT,
        classification=MARK,
    )
    conference = meeting_create(
        by=SYSTEM,
        host_unit=region,
        kind=MeetingKind.REVIEW_CONFERENCE,
        title=CONFERENCE_TITLE,
        date=datetime.date(2024, 3, 5),
    )
    meeting_document_add(by=SYSTEM, meeting=conference, document=report)
    # A task from each conference: the one of the marked conference is marked with it, the
    # other is open to the officer (the demo gives Quân khu 2 none to read).
    tasks = {}
    for meeting, title in (
        (conference, SECRET_TASK),
        (
            Meeting.objects.get(host_unit__path__startswith=region.path, date=OPEN_CONFERENCE),
            OPEN_TASK,
        ),
    ):
        tasks[title] = task_add(
            by=SYSTEM,
            conclusion=conclusion_add(by=SYSTEM, meeting=meeting, text="Kết luận kiểm thử."),
            title=title,
            assignee=region,
            deadline=meeting.date + datetime.timedelta(days=30),
        )
    example = Nomination.objects.filter(proposing_unit=region, nominee_unit__isnull=False).first()
    assert example is not None, "the demo has no nomination of Quân khu 2's units"
    nomination = nomination_create(
        by=SYSTEM,
        proposing_unit=region,
        form=example.form,
        # Next year: no nomination of the demo for it (a repeat within a year is refused).
        year=datetime.date.today().year + 1,
        nominee_unit=example.nominee_unit,
        resolution=plan,
        achievement="Thành tích kiểm thử.",
    )
    # Award proposals (the demo has none): the marked nomination's, which takes its mark; one
    # of Quân khu 2 unmarked, which the officer reads; one of Tổng cục CNQP, out of reach.
    nomination = nomination_submit(by=SYSTEM, nomination=nomination)
    proposal = proposal_create(
        by=SYSTEM,
        proposing_unit=region,
        decider=nomination.decider,
        form=nomination.form,
        year=nomination.year,
    )
    for proposing, decider in (("QK2", "BQP"), ("TCCNQP", "TCCNQP")):
        batch = Nomination.objects.filter(
            proposing_unit__code=proposing,
            decider__code=decider,
            state__in=PROPOSED_STATES,
            proposal__isnull=True,
        ).first()
        assert batch is not None, f"the demo has no batch of {proposing} to {decider}"
        proposal_create(
            by=SYSTEM,
            proposing_unit=batch.proposing_unit,
            decider=batch.decider,
            form=batch.form,
            year=batch.year,
        )
    # An assignment of Tổng cục CNQP's 382-NQ/ĐUQSTW (the demo's two are of Quân khu 2's
    # units; the marked plan has no objective to assign).
    item = Item.objects.filter(resolution__symbol="382-NQ/ĐUQSTW").order_by("pk").first()
    assert item is not None, "382-NQ/ĐUQSTW has no objective"
    assignment_create(by=SYSTEM, item=item, lead_unit=Unit.objects.get(code="TCCNQP"))
    # A body (Ban Chỉ đạo) of Quân khu 2 and one of Quân khu 5.
    for code in ("QK2", "DU-QK5"):
        body_group_create(
            by=SYSTEM,
            unit=Unit.objects.get(code=code),
            kind=GroupKind.values[0],
            name=f"Ban Chỉ đạo kiểm thử phạm vi {code}",
        )
    # A comment on a dossier document of the 623 review (Quân ủy Trung ương's) and on one of
    # Đảng ủy Tổng cục CNQP's review, both out of reach (comments are read on dossiers only;
    # Quân khu 2's own dossier is issued, closed to comments).
    drafts = Document.objects.filter(campaign_link__isnull=False, classification="none").exclude(
        status=DocumentStatus.ISSUED
    )
    for document in (
        drafts.filter(issuer__code="QUTW").order_by("pk").first(),
        drafts.filter(issuer__code="DU-TCCNQP").order_by("pk").first(),
    ):
        assert document is not None, "the demo has no document to comment on"
        comment_add(by=SYSTEM, document=document, text=COMMENT)
    return {
        "resolution": plan,
        "document": report,
        "meeting": conference,
        "nomination": nomination,
        "task": tasks[SECRET_TASK],
        "proposal": proposal,
    }


def forbidden_ids(user: Any) -> dict[str, set[int]]:
    """Kind → ids of the records the user must not see: outside the user's units by every
    unit they touch, or marked above the user's clearance. Read from the tables, not through
    the selectors; on the side of caution (a record touching the user's units in any way the
    rules may count is left out of the set)."""
    from tongket.awards.models import AwardDecision, Nomination
    from tongket.core import classification, scopes
    from tongket.documents.models import Document, DocumentComment
    from tongket.meetings.models import FollowUpTask, Meeting
    from tongket.org.models import BodyGroup, Person, Unit
    from tongket.org.selectors import body_groups_seating
    from tongket.reporting.models import DataValue, Report, ReportForm
    from tongket.resolutions.models import Assignment, Indicator, Item, Resolution, Target
    from tongket.reviews.models import ReviewCampaign, UnitReviewReport

    paths = scopes.scope_paths(user)
    assert paths, "the officer must be scoped"
    above = set(scopes.above_paths(user) or [])
    unit_paths = dict(Unit.objects.values_list("pk", "path"))

    def inside(unit: int | None) -> bool:
        return unit is not None and unit_paths[unit].startswith(tuple(paths))

    def near(unit: int | None) -> bool:
        """In the subtree or above it (documents issued above reach down)."""
        return inside(unit) or (unit is not None and unit_paths[unit] in above)

    def untouched(rows: Iterable[tuple[Any, ...]], reached: Any = inside) -> set[int]:
        """Ids none of whose units (the other values of each row) is reached."""
        touched: dict[int, bool] = defaultdict(bool)
        for pk, *units in rows:
            touched[pk] |= any(reached(unit) for unit in units)
        return {pk for pk, hit in touched.items() if not hit}

    resolutions = untouched(
        Resolution.objects.values_list("pk", "issuing_unit", "owner_unit", "parties__unit"),
        near,
    )
    indicators = set(
        Indicator.objects.filter(resolution__in=resolutions).values_list("pk", flat=True)
    )
    targets = untouched(Target.objects.values_list("pk", "unit")) | set(
        Target.objects.filter(indicator__in=indicators).values_list("pk", flat=True)
    )
    person = getattr(user, "person_id", None)
    bodies = body_groups_seating(person_id=person) if person else set()
    campaigns = untouched(
        ReviewCampaign.objects.values_list(
            "pk", "owner_unit", "standing_agency", "appraisal_unit", "participants__unit"
        )
    ) - set(ReviewCampaign.objects.filter(members__person_id=person).values_list("pk", flat=True))
    campaigns -= set(
        ReviewCampaign.objects.filter(steering_group__in=bodies).values_list("pk", flat=True)
    ) | set(ReviewCampaign.objects.filter(drafting_group__in=bodies).values_list("pk", flat=True))
    documents = {
        pk
        for pk, path, campaign in Document.objects.values_list(
            "pk", "unit_path", "campaign_link__campaign"
        )
        if not path.startswith(tuple(paths)) and (campaign is None or campaign in campaigns)
    }
    meetings = untouched(
        Meeting.objects.values_list("pk", "host_unit", "participant_units", "remote_sites__unit")
    ) - set(
        Meeting.objects.filter(campaign__isnull=False)
        .exclude(campaign__in=campaigns)
        .values_list("pk", flat=True)
    )
    found = {
        "unit": {pk for pk in unit_paths if not inside(pk)},
        "report": untouched(Report.objects.values_list("pk", "unit")),
        "resolution": resolutions,
        "indicator": indicators,
        "target": targets,
        "document": documents,
        "meeting": meetings,
        "campaign": campaigns,
        "decision": untouched(
            AwardDecision.objects.values_list("pk", "issuer", "nominations__proposing_unit")
        ),
        "nomination": untouched(Nomination.objects.values_list("pk", "proposing_unit", "decider")),
        "person": untouched(Person.objects.values_list("pk", "unit")),
        "task": untouched(
            FollowUpTask.objects.values_list("pk", "assignee", "conclusion__meeting__host_unit")
        ),
        "item": set(Item.objects.filter(resolution__in=resolutions).values_list("pk", flat=True)),
        "value": untouched(DataValue.objects.values_list("pk", "unit")),
        # Set up by a unit neither in the subtree nor above it.
        "body": untouched(BodyGroup.objects.values_list("pk", "unit"), near),
        "assignment": untouched(
            Assignment.objects.values_list(
                "pk", "lead_unit", "coordinating_units", "item__resolution__owner_unit"
            )
        )
        | set(
            Assignment.objects.filter(item__resolution__in=resolutions).values_list("pk", flat=True)
        ),
        # Collected by a unit outside, and asked of none inside.
        "form": untouched(ReportForm.objects.values_list("pk", "owner_unit", "assignments__unit")),
        # Of a unit outside, in a review campaign the officer does not read.
        "review": {
            pk
            for pk, unit, campaign in UnitReviewReport.objects.values_list("pk", "unit", "campaign")
            if not inside(unit) and campaign in campaigns
        },
    }
    marked = {
        "report": Report,
        "resolution": Resolution,
        "indicator": Indicator,
        "target": Target,
        "document": Document,
        "meeting": Meeting,
        "campaign": ReviewCampaign,
        "decision": AwardDecision,
        "nomination": Nomination,
        "task": FollowUpTask,
        "item": Item,
        "assignment": Assignment,
        "form": ReportForm,
        "review": UnitReviewReport,
        "value": DataValue,
    }
    for kind, model in marked.items():
        found[kind] |= set(
            model._default_manager.filter(
                pk__in=classification.hidden_rows(user, model)
            ).values_list("pk", flat=True)
        )
    # An award proposal is a document of its proposing unit, marked as its nominations.
    found["proposal"] = set(
        Document.objects.filter(kind="award_proposal", pk__in=found["document"]).values_list(
            "pk", flat=True
        )
    )
    # A comment is read with its document.
    found["comment"] = set(
        DocumentComment.objects.filter(document__in=found["document"]).values_list("pk", flat=True)
    )
    return found


def marked_texts(records: dict[str, Model]) -> list[str]:
    """Texts that name only the records marked inside the subtree."""
    plan = records["resolution"]
    return [PLAN, plan.subject, REPORT_SUBJECT, CONFERENCE_TITLE, SECRET_TASK]  # type: ignore[attr-defined]


def leaks(
    body: bytes, kind: str | None, forbidden: dict[str, Any]
) -> tuple[list[tuple[str, int]], list[str]]:
    """The forbidden (kind, id) an answer names (when it is JSON), and the marked texts it
    shows (in every part of a file)."""
    import io
    import json
    import re
    import zipfile

    try:
        data = json.loads(body)
    except ValueError:
        data = None
    named = sorted({pair for pair in named_ids(data, kind) if pair[1] in forbidden[pair[0]]})
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = " ".join(
                re.sub(r"<[^>]+>", "", archive.read(name).decode("utf-8", "replace"))
                for name in archive.namelist()
                if name.endswith(".xml")
            ).encode()
    text = body.decode("utf-8", "replace")
    return named, [marker for marker in forbidden["texts"] if marker in text]


@pytest.fixture
def officer(users) -> tuple[str, dict[str, Any]]:  # type: ignore[no-untyped-def]
    """The officer's token and what the officer must not see, with records marked inside
    Quân khu 2."""
    user = users[OFFICER]
    assert user.clearance == "none" and not user.is_superuser
    records = mark_inside(user)
    forbidden: dict[str, Any] = forbidden_ids(user)
    forbidden["texts"] = marked_texts(records)
    forbidden["records"] = records
    return Token.objects.get_or_create(user=user)[0].key, forbidden


@pytest.mark.schema_fuzz
@pytest.mark.django_db
def test_the_scan_is_not_vacuous(client, users, officer):  # type: ignore[no-untyped-def]
    """The records marked inside Quân khu 2 carry "secret" and lie in its subtree; every
    kind has records the officer must not see and records the officer sees; the officer's
    lists name records of every kind scanned, and none the officer must not see."""
    from tongket.core import classification, scopes
    from tongket.documents.models import Document, DocumentComment

    token, forbidden = officer
    user = users[OFFICER]
    paths = tuple(scopes.scope_paths(user) or ())
    for kind, record in forbidden["records"].items():
        assert classification.mark_of(record) == MARK, kind
        assert record.pk in forbidden[kind], kind
        unit = {
            "resolution": "owner_unit",
            "document": "issuer",
            "meeting": "host_unit",
            "nomination": "proposing_unit",
            "task": "assignee",
            "proposal": "issuer",
        }[kind]
        assert getattr(record, unit).path.startswith(paths), kind
    # Proposals out of reach too (not only the marked one inside).
    outside = {
        pk
        for pk, path in Document.objects.filter(kind="award_proposal").values_list(
            "pk", "unit_path"
        )
        if not path.startswith(paths)
    }
    assert outside & forbidden["proposal"]
    seen = listed(client, token)
    for kind in KINDS:
        assert forbidden[kind], f"no {kind} to look for"
        assert seen[kind], f"the officer's lists name no {kind}"
        shown = sorted(seen[kind] & forbidden[kind])
        assert not shown, f"{kind}: {shown[:10]}"
    # The scan finds what it looks for where it is shown: the administrator of the whole
    # tree reads records of every kind outside Quân khu 2.
    administrator = listed(client, Token.objects.get_or_create(user=users["admin"])[0].key)
    for kind in KINDS:
        assert administrator[kind] & forbidden[kind], f"the scan finds no {kind} shown"
    # The comments (no list; the officer reads no dossier with a draft to comment on): each
    # of those made here answers 404 to the officer and is read by the administrator.
    comments = DocumentComment.objects.filter(text=COMMENT).values_list("pk", flat=True)
    assert len(comments) == 2 and set(comments) <= forbidden["comment"]
    for pk in comments:
        for key, status in ((token, 404), (Token.objects.get(user=users["admin"]).key, 200)):
            answer = client.get(
                f"/api/v1/document-comments/{pk}/", HTTP_AUTHORIZATION=f"Token {key}"
            )
            assert answer.status_code == status, (pk, status)


def listed(client, token: str) -> dict[str, set[int]]:  # type: ignore[no-untyped-def]
    """Kind → ids named by every page of the lists of `ROUTE_KINDS`, read with `token`."""
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
    seen: dict[str, set[int]] = defaultdict(set)
    for prefix, kind in ROUTE_KINDS.items():
        if prefix in UNLISTED:
            continue
        page = 1
        while True:
            response = client.get(f"/api/v1/{prefix}/", {"page": page, "page_size": 500}, **headers)
            assert response.status_code == 200, f"{prefix}: {response.content[:200]!r}"
            body = response.json()
            for named, pk in named_ids(body, kind):
                seen[named].add(pk)
            if not (isinstance(body, dict) and body.get("next")):
                break
            page += 1
    return seen


@pytest.mark.schema_fuzz
@pytest.mark.django_db
@reads.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_read_shows_a_record_outside_the_officers_subtree(case, officer):  # type: ignore[no-untyped-def]
    """Given a tracking officer of Quân khu 2 without clearance, and records inside it
    marked secret, when a read is called as generated, then no server error, a documented
    answer, no id of a record outside Quân khu 2 or marked above the officer's clearance,
    and no title of the records marked inside it."""
    token, forbidden = officer
    headers = {"Authorization": f"Token {token}", "Accept-Encoding": "identity"}
    response = case.call(headers=headers)
    case.validate_response(response, checks=CHECKS, headers=headers)
    if response.status_code >= 400:
        return
    named, shown = leaks(response.content or b"", route_kind(case.path), forbidden)
    assert not (named or shown), (
        f"{case.method} {case.formatted_path} {case.query}: {named} {shown}"
    )
