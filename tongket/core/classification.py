"""Classification: the one rule for marked records (Mật, Tối mật, Tuyệt mật).

A resolution carries a classification; every record derived from it (its structure,
indicators and targets, report forms, reports and their values, review campaigns and their
unit reports, dossier documents, meetings, award decisions, nominations, and the change-log
entries of all of these) inherits the mark. A meeting also carries the marks of the
documents presented at it (`PRESENTED_AT`), and passes them on to its conclusions, tasks,
minutes and conclusion notice. A record with several sources carries the highest of their
marks. A user whose clearance is below a record's mark does not see it at
all: selectors leave it out of lists and searches and answer 404 for it (`require_cleared`),
exactly as for a record outside the user's units. Superusers are cleared for everything.

`DERIVED` below says, for each model, where its mark comes from (field paths ending in a
classification). Selectors filter with `clearance_q(user, Model)`; files rendered from a
record carry `mark_of(record)` (`stamp_text`).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q

from tongket.core import scopes
from tongket.core.errors import NotFound

# The levels of `resolutions.Classification`, `documents.Document.classification` and
# `org.Clearance` (the same values; a test keeps them equal).
LEVELS: dict[str, int] = {"none": 0, "confidential": 1, "secret": 2, "top_secret": 3}
TOP = max(LEVELS.values())
# The stamp printed on files (Luật Bảo vệ bí mật nhà nước 2018: MẬT, TỐI MẬT, TUYỆT MẬT).
STAMPS: dict[str, str] = {"confidential": "MẬT", "secret": "TỐI MẬT", "top_secret": "TUYỆT MẬT"}

# Documents a meeting's service renders from the meeting (DocumentKind values).
MEETING_RECORDS = ("minutes", "conclusion_notice")

# Models whose mark also comes from the documents presented at a meeting (a secret report
# read out at a conference makes the conference secret), by the path to that meeting. The
# meeting's own minutes and conclusion notice are not among its sources: they take the
# meeting's mark (`hidden_rows`), and a mark they keep after their source was lowered
# (`dependents_raise` only raises) does not mark the meeting back.
PRESENTED_AT: dict[str, str] = {
    "meetings.meeting": "",
    "meetings.conclusion": "meeting__",
    "meetings.followuptask": "conclusion__meeting__",
}

# Model label → paths to the classifications it derives from. A row with nothing at a path
# (a report form of no resolution, a meeting of no campaign) takes no mark from that path.
DERIVED: dict[str, tuple[str, ...]] = {
    "resolutions.resolution": ("classification",),
    "resolutions.resolutionrelation": ("source__classification", "target__classification"),
    "resolutions.resolutionparty": ("resolution__classification",),
    "resolutions.resolutionattachment": ("resolution__classification",),
    "resolutions.item": ("resolution__classification",),
    "resolutions.assignment": ("item__resolution__classification",),
    "resolutions.indicator": ("resolution__classification",),
    "resolutions.target": ("indicator__resolution__classification",),
    "reporting.reportform": (
        "resolution__classification",
        "form_indicators__indicator__resolution__classification",
    ),
    "reporting.report": (
        "form__resolution__classification",
        "form__form_indicators__indicator__resolution__classification",
    ),
    "reporting.datavalue": (
        "report__form__resolution__classification",
        "indicator__resolution__classification",
    ),
    "reviews.reviewcampaign": ("resolution__classification", "new_resolution__classification"),
    "reviews.unitreviewreport": ("campaign__resolution__classification",),
    "meetings.meeting": (
        "campaign__resolution__classification",
        "adopted_campaigns__resolution__classification",
    ),
    "meetings.conclusion": (
        "meeting__campaign__resolution__classification",
        "meeting__adopted_campaigns__resolution__classification",
    ),
    "meetings.followuptask": (
        "conclusion__meeting__campaign__resolution__classification",
        "conclusion__meeting__adopted_campaigns__resolution__classification",
    ),
    "awards.awarddecision": (
        "campaign__resolution__classification",
        "document__classification",
        # A decision recorded from paper: the mark its imported list gave it.
        "classification",
    ),
    "awards.nomination": (
        "resolution__classification",
        "campaign__resolution__classification",
        "decision__campaign__resolution__classification",
        # An award is read with its decision: a decision marked on its own document (or, from
        # paper, on itself) marks its awardees too.
        "decision__document__classification",
        "decision__classification",
    ),
    "documents.document": (
        "classification",
        "campaign_link__campaign__resolution__classification",
        "award_decision__campaign__resolution__classification",
        # A decision's annex names every awardee: its file carries the highest of their marks
        # even before `awards.services.decision_mark_follow` has written it on the document.
        "award_decision__nominations__resolution__classification",
        "award_decision__nominations__campaign__resolution__classification",
        # An award proposal's list names every nominee it puts forward: the same rule.
        "proposed_nominations__resolution__classification",
        "proposed_nominations__campaign__resolution__classification",
    ),
}


def clearance_level(user: Any) -> int:
    """The highest mark the user may read (superusers: every mark)."""
    if scopes.is_unrestricted(user):
        return TOP
    return LEVELS.get(getattr(user, "clearance", "none") or "none", 0)


def cleared_marks(user: Any) -> list[str]:
    """Classifications the user may read."""
    level = clearance_level(user)
    return [mark for mark, rank in LEVELS.items() if rank <= level]


def may_read(user: Any, mark: str | None) -> bool:
    return LEVELS.get(mark or "none", TOP) <= clearance_level(user)


def may_grant(granter: Any, mark: str | None) -> bool:
    """A clearance can be granted only up to the granter's own."""
    return may_read(granter, mark)


def _label(model: type[models.Model] | models.QuerySet[Any]) -> str:
    model = getattr(model, "model", model)
    return model._meta.label_lower  # type: ignore[union-attr]


def _above_q(marks: list[str], paths: tuple[str, ...]) -> Q:
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{f"{path}__in": marks})
    return query


def _marked_rows(model: type[models.Model], above: list[str]) -> models.QuerySet[Any]:
    """Rows of `model` whose own sources (`DERIVED`) carry one of the marks `above`."""
    return model._default_manager.filter(_above_q(above, DERIVED[_label(model)]))


def _presented(above: list[str]) -> models.QuerySet[Any]:
    """Ids of the meetings at which a document marked with one of `above` was presented (by
    the document's own sources, not through a meeting: no circle)."""
    meeting = apps.get_model("meetings", "Meeting")
    document = apps.get_model("documents", "Document")
    return (
        meeting.documents.through._default_manager.filter(
            document_id__in=_marked_rows(document, above).values("pk")
        )
        .exclude(document__kind__in=MEETING_RECORDS)
        .values("meeting_id")
    )


def hidden_rows(user: Any, model: type[models.Model]) -> models.QuerySet[Any]:
    """Primary keys of the rows of `model` whose mark is above the user's clearance."""
    level = clearance_level(user)
    above = [mark for mark, rank in LEVELS.items() if rank > level]
    label = _label(model)
    rows = _marked_rows(model, above)
    if label in PRESENTED_AT and above:
        rows = model._default_manager.filter(
            Q(pk__in=rows.values("pk")) | Q(**{f"{PRESENTED_AT[label]}pk__in": _presented(above)})
        )
    if label == "documents.document" and above:
        # The minutes and conclusion notice of a meeting take the meeting's mark (the link
        # has no reverse name on Document, so it is read through the link table). Other
        # documents presented there keep their own: the meeting derives from them.
        meeting = apps.get_model("meetings", "Meeting")
        shown = meeting.documents.through._default_manager.filter(
            meeting_id__in=hidden_rows(user, meeting), document__kind__in=MEETING_RECORDS
        ).values("document_id")
        rows = model._default_manager.filter(Q(pk__in=rows.values("pk")) | Q(pk__in=shown))
    return rows.values("pk")


def clearance_q(user: Any, model: type[models.Model] | models.QuerySet[Any]) -> Q:
    """The filter keeping the rows of `model` the user's clearance covers. `model` (or a
    queryset of it) must be in DERIVED. No filter at all for those cleared for every mark."""
    model = getattr(model, "model", model)
    if clearance_level(user) >= TOP:
        return Q()
    return ~Q(pk__in=hidden_rows(user, model))  # type: ignore[arg-type]


def clearance_q_through(user: Any, model: type[models.Model], prefix: str) -> Q:
    """The same filter on a row that points to a `model` row through `prefix` (e.g. the
    report of a reminder: `clearance_q_through(user, Report, "report__")`)."""
    if clearance_level(user) >= TOP:
        return Q()
    return ~Q(**{f"{prefix}pk__in": hidden_rows(user, model)})


class MarkReader:
    """A reader of no unit cleared exactly up to one mark: what a service drafting a record
    that carries this mark reads through (the reporting record and narratives a review's
    drafts quote), so that the draft holds nothing above its own mark, which is all its
    readers need be cleared for. The selectors it is given scope by unit themselves."""

    is_superuser = False
    is_active = True
    pk = None

    def __init__(self, mark: str | None) -> None:
        self.clearance = mark if mark in LEVELS else "none"


def reader_at(mark: str | None) -> MarkReader:
    """The reader of a record carrying `mark` (`MarkReader`)."""
    return MarkReader(mark)


def mark_of(obj: models.Model | None) -> str:
    """The mark a record carries: the highest of its sources ("none" when unmarked)."""
    if obj is None or obj.pk is None or _label(type(obj)) not in DERIVED:
        return "none"
    model = type(obj)
    marks = {"none"}
    for path in DERIVED[_label(model)]:
        marks.update(
            mark
            for mark in model._default_manager.filter(pk=obj.pk).values_list(path, flat=True)
            if mark
        )
    if _label(model) in PRESENTED_AT:
        marks.add(presented_mark(model, [obj.pk]))
    if _label(model) == "documents.document" and getattr(obj, "kind", "") in MEETING_RECORDS:
        meeting = apps.get_model("meetings", "Meeting")
        for shown in meeting.objects.filter(
            pk__in=meeting.documents.through._default_manager.filter(document_id=obj.pk).values(
                "meeting_id"
            )
        ):
            marks.add(mark_of(shown))
    return max(marks, key=lambda mark: LEVELS.get(mark, 0))


def presented_mark(model: type[models.Model], pks: list[Any]) -> str:
    """The highest mark of the documents presented at the meetings of these rows of `model`
    (a model of `PRESENTED_AT`), their own minutes and conclusion notices aside."""
    meeting = apps.get_model("meetings", "Meeting")
    document = apps.get_model("documents", "Document")
    meetings = model._default_manager.filter(pk__in=pks).values(f"{PRESENTED_AT[_label(model)]}pk")
    presented = (
        meeting.documents.through._default_manager.filter(meeting_id__in=meetings)
        .exclude(document__kind__in=MEETING_RECORDS)
        .values("document_id")
    )
    return highest_mark(document, presented)  # type: ignore[arg-type]


def highest_mark(model: type[models.Model], pks: Any) -> str:
    """The highest mark among these rows of `model` (for an export of several records)."""
    marks = {"none"}
    if _label(model) in PRESENTED_AT:
        marks.add(presented_mark(model, pks))
    for path in DERIVED[_label(model)]:
        marks.update(
            mark
            for mark in model._default_manager.filter(pk__in=pks).values_list(path, flat=True)
            if mark
        )
    return max(marks, key=lambda mark: LEVELS.get(mark, 0))


def dependents_raise(*, resolution: models.Model) -> list[tuple[models.Model, str]]:
    """Raise the stored mark of the records already drafted or decided from `resolution` to
    its (new) mark: the documents of its review campaigns (also of the campaign that issued
    it), the minutes and conclusion notices of their meetings and of the meetings at which
    one of those documents was presented, the award decisions of those campaigns (on their
    document, or on a decision recorded from paper) and the award proposals for them. A mark
    is only raised here, never lowered: a resolution marked lower leaves what was written
    while it was higher as it is. Runs inside the caller's transaction
    (`resolutions.services.resolution_update`, which writes a change-log line on each record
    raised). Returns the records raised, each with the mark it had before."""
    mark = getattr(resolution, "classification", "none") or "none"
    level = LEVELS.get(mark, 0)
    if level == 0:
        return []
    lower = [name for name, rank in LEVELS.items() if rank < level]
    campaign_model = apps.get_model("reviews", "ReviewCampaign")
    meeting_model = apps.get_model("meetings", "Meeting")
    decision_model = apps.get_model("awards", "AwardDecision")
    document_model = apps.get_model("documents", "Document")
    campaigns = campaign_model._default_manager.filter(
        Q(resolution=resolution) | Q(new_resolution=resolution)
    ).values("pk")
    # Decisions and proposals made for its reviews. One of another review that names an
    # awardee nominated for it keeps its mark until its list changes
    # (`awards.services.decision_mark_follow`): meanwhile that awardee alone is hidden.
    decisions = decision_model._default_manager.filter(campaign__in=campaigns).values("pk")
    drafted = document_model._default_manager.filter(
        Q(campaign_link__campaign__in=campaigns)
        | Q(award_decision__in=decisions)
        | Q(proposed_nominations__campaign__in=campaigns)
    ).values("pk")
    links = meeting_model.documents.through._default_manager
    meetings = meeting_model._default_manager.filter(
        Q(campaign__in=campaigns)
        | Q(adopted_campaigns__in=campaigns)
        | Q(
            pk__in=links.filter(document_id__in=drafted)
            .exclude(document__kind__in=MEETING_RECORDS)
            .values("meeting_id")
        )
    ).values("pk")
    records = links.filter(meeting_id__in=meetings, document__kind__in=MEETING_RECORDS).values(
        "document_id"
    )
    documents = document_model._default_manager.filter(
        Q(pk__in=drafted) | Q(pk__in=records), classification__in=lower
    ).values_list("pk", flat=True)
    paper = decision_model._default_manager.filter(
        pk__in=decisions, document__isnull=True, classification__in=lower
    ).values_list("pk", flat=True)
    raised: list[tuple[models.Model, str]] = []
    for model, pks in ((document_model, documents), (decision_model, paper)):
        raised.extend(_raise(model, set(pks), mark))
    return raised


def meeting_records_raise(*, meeting: models.Model) -> list[tuple[models.Model, str]]:
    """Raise the stored mark of the minutes and conclusion notice already drafted from
    `meeting` to the meeting's mark (`mark_of`, which a document presented there may have
    raised). Only raised, never lowered. Runs inside the caller's transaction
    (`meetings.services.meeting_document_add`, which writes a change-log line on each record
    raised). Returns the records raised, each with the mark it had before."""
    mark = mark_of(meeting)
    level = LEVELS.get(mark, 0)
    if level == 0:
        return []
    meeting_model = apps.get_model("meetings", "Meeting")
    document_model = apps.get_model("documents", "Document")
    records = meeting_model.documents.through._default_manager.filter(
        meeting_id=meeting.pk, document__kind__in=MEETING_RECORDS
    ).values("document_id")
    lower = [name for name, rank in LEVELS.items() if rank < level]
    pks = document_model._default_manager.filter(
        pk__in=records, classification__in=lower
    ).values_list("pk", flat=True)
    return _raise(document_model, set(pks), mark)


def _raise(model: type[models.Model], pks: set[Any], mark: str) -> list[tuple[models.Model, str]]:
    """Write `mark` on these rows (locked), each returned with the mark it had before."""
    raised: list[tuple[models.Model, str]] = []
    for row in model._default_manager.select_for_update().filter(pk__in=pks).order_by("pk"):
        raised.append((row, row.classification or "none"))  # type: ignore[attr-defined]
        row.classification = mark  # type: ignore[attr-defined]
        row.save(update_fields=["classification"])
    return raised


def stamp_text(mark: str | None) -> str:
    """The stamp printed on a file of a record with this mark ("" when unmarked)."""
    return STAMPS.get(mark or "none", "")


def require_cleared(user: Any, obj: models.Model, message: str | None = None) -> None:
    """404 for a record whose mark is above the user's clearance (as for one outside the
    user's units: its existence is not revealed). `message`: the caller's answer for an id
    that does not exist, so that the two answers are the same."""
    from django.utils.translation import gettext as _

    if clearance_level(user) < TOP and not may_read(user, mark_of(obj)):
        raise NotFound(message or _("Not found."))


def changelog_clearance_q(user: Any) -> Q:
    """The filter keeping the change-log entries whose object the user's clearance covers."""
    from django.contrib.contenttypes.models import ContentType

    if clearance_level(user) >= TOP:
        return Q()
    from django.db.models import CharField
    from django.db.models.functions import Cast

    hidden = Q(pk__in=[])
    # One query for the content types not cached yet, not one per model.
    types = ContentType.objects.get_for_models(*(apps.get_model(label) for label in DERIVED))
    for model, content_type in types.items():
        ids = (
            model._default_manager.filter(pk__in=hidden_rows(user, model))
            .annotate(key=Cast("pk", CharField()))
            .values("key")
        )
        hidden |= Q(content_type=content_type, object_id__in=ids)
    return ~hidden


# Pages a notification links to (URL name → the model of the record it is about).
NOTIFIED: dict[str, str] = {
    "ui:resolution_detail": "resolutions.resolution",
    "ui:form_detail": "reporting.reportform",
    "ui:report_detail": "reporting.report",
    "ui:campaign_detail": "reviews.reviewcampaign",
    "ui:review_report_detail": "reviews.unitreviewreport",
    "ui:document_detail": "documents.document",
    "ui:meeting_detail": "meetings.meeting",
    "ui:nomination_detail": "awards.nomination",
    "ui:decision_detail": "awards.awarddecision",
}
_PK = 987654321


def record_of_url(url: str) -> models.Model | None:
    """The record a notification's link opens (None for a link to no record)."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve((url or "").split("?")[0].split("#")[0])
    except Resolver404:
        return None
    label = NOTIFIED.get(match.view_name)
    if label is None or "pk" not in match.kwargs:
        return None
    return apps.get_model(label)._default_manager.filter(pk=match.kwargs["pk"]).first()


def notified_links() -> list[tuple[str, str, str]]:
    """(model label, text before the id, text after it) of each record link a notification
    may carry: a link names a record exactly when it is that text around the id."""
    from django.urls import reverse

    shapes = []
    for name, label in NOTIFIED.items():
        before, after = reverse(name, kwargs={"pk": _PK}).split(str(_PK))
        shapes.append((label, before, after))
    return shapes


def notification_clearance_q(user: Any) -> Q:
    """The filter keeping the notifications whose linked record the user's clearance covers
    (a record marked after the notification was sent hides it too)."""
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    if clearance_level(user) >= TOP:
        return Q()
    hidden = Q(pk__in=[])
    for label, before, after in notified_links():
        model = apps.get_model(label)
        links = (
            model._default_manager.filter(pk__in=hidden_rows(user, model))
            .annotate(link=Concat(Value(before), Cast("pk", CharField()), Value(after)))
            .values("link")
        )
        hidden |= Q(url__in=links)
    return ~hidden
