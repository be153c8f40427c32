"""The documents of commendation, in the issuer's format:

- the award decision (quyết định khen thưởng): the grounds ("Căn cứ …"), the enacting word,
  the articles ("Điều 1." awarding the form to the counted collectives and individuals, "Điều
  2." its effect, "Điều 3." who carries it out) and the list in an annex "(Kèm theo Quyết
  định số … ngày …)" with each person's rank and position on the day;
- the award proposal (tờ trình đề nghị khen thưởng) of a proposing unit to the authority
  that decides, with the same list.

Callers: `awards.services.decision_issue` (which checks who may decide, locks the nominations
and records the decision); `awards.proposals.proposal_create` (which checks who may propose
and locks the batch); the format checker reads `document_previews`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from itertools import groupby
from typing import Any

from django.utils import timezone

from tongket.awards.choices import NominationState, NomineeKind
from tongket.awards.models import AwardForm, AwardingBody, Nomination
from tongket.core.classification import highest_mark
from tongket.documents import services as documents
from tongket.documents.choices import DocumentKind
from tongket.documents.models import Document
from tongket.documents.writing import (
    join,
    position_of,
    rank_of,
    ranked_name,
    signature_of,
    style_of,
)
from tongket.org.choices import Line, UnitKind
from tongket.org.lines import name_on
from tongket.org.models import Unit
from tongket.org.selectors import unit_place

# The law every commendation rests on (DOMAIN.md §4).
LAW = "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
# A catalogue note in a form's name: "Bằng khen (của Tư lệnh quân khu, …)".
CATALOGUE_NOTE = re.compile(r"\s*\((?:của|theo|do)\b[^)]*\)")


def form_name(form: AwardForm) -> str:
    """The form as a decision names it, without the catalogue's note."""
    return CATALOGUE_NOTE.sub("", form.name).strip()


def counted(collectives: int, individuals: int) -> str:
    """ "26 tập thể và 28 cá nhân", "3 tập thể", "5 cá nhân": a count of none is not written."""
    parts = []
    if collectives:
        parts.append(f"{collectives} tập thể")
    if individuals:
        parts.append(f"{individuals} cá nhân")
    return join(parts)


def awardee_rows(nominations: list[Nomination], day: datetime.date) -> list[list[Any]]:
    """Collectives first, then individuals, each with rank, position and unit on the day."""
    rows: list[list[Any]] = []
    ordered = sorted(
        nominations, key=lambda n: (n.nominee_kind != NomineeKind.COLLECTIVE, n.pk or 0)
    )
    for index, nomination in enumerate(ordered, start=1):
        person = nomination.nominee_person
        if nomination.nominee_kind == NomineeKind.COLLECTIVE or person is None:
            unit = nomination.nominee_unit
            above = unit.parent.name if unit is not None and unit.parent_id else ""
            rows.append([index, nomination.nominee_name, "", "", above])
        else:
            rows.append(
                [
                    index,
                    person.full_name,
                    rank_of(person, day),
                    position_of(person, day),
                    person.unit.name,
                ]
            )
    return rows


def _annex(title: str, nominations: list[Nomination], day: datetime.date) -> dict[str, Any]:
    return {
        "key": "phu-luc",
        "annex": {
            "title": title,
            "table": {
                "columns": ["TT", "Tập thể, cá nhân", "Cấp bậc", "Chức vụ", "Đơn vị"],
                "rows": awardee_rows(nominations, day),
                "numeric": [0],
                "widths": [1, 5, 2.4, 5, 4],
            },
        },
    }


def decision_content(
    *,
    issuer: Unit,
    form: AwardForm,
    nominations: list[Nomination],
    day: datetime.date,
    reason: str,
) -> list[dict[str, Any]]:
    collectives = sum(1 for n in nominations if n.nominee_kind == NomineeKind.COLLECTIVE)
    individuals = len(nominations) - collectives
    proposers = sorted({n.proposing_unit.name for n in nominations})
    basis = form.legal_basis.strip().rstrip(";.")
    grounds = [] if "Luật Thi đua" in basis else [f"Căn cứ {LAW};"]
    if basis:
        grounds.append(f"Căn cứ {basis};")
    grounds.append(f"Xét đề nghị của {join(proposers)}.")
    reason_text = reason.strip().rstrip(".")
    reason_text = f", vì {reason_text[:1].lower() + reason_text[1:]}" if reason_text else ""
    name = form_name(form)
    others = [unit for unit in proposers if unit != issuer.name]
    return [
        {"key": "can-cu", "grounds": grounds},
        {"key": "quyet-dinh", "enacting": True},
        {
            "key": "dieu-1",
            "article": 1,
            "text": f"Tặng {name} cho {counted(collectives, individuals)} có tên trong danh "
            f"sách kèm theo Quyết định này{reason_text}.",
        },
        {"key": "dieu-2", "article": 2, "text": "Quyết định có hiệu lực kể từ ngày ký."},
        {
            "key": "dieu-3",
            "article": 3,
            "text": f"Các cơ quan, đơn vị thuộc {join([issuer.name, *others])} và các tập thể, "
            "cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
        },
        _annex(f"Danh sách tập thể, cá nhân được tặng {name}", nominations, day),
    ]


def decision_document_issue(
    *,
    by: Any,
    issuer: Unit,
    form: AwardForm,
    nominations: list[Nomination],
    issued_on: datetime.date | None,
    reason: str,
    signer_title: str = "",
    signer_name: str = "",
) -> Document:
    """The decision awarding `form` to the nominations, numbered from the issuer's registry.
    Runs inside the caller's transaction. Signed as the issuer signs its other documents
    (`writing.signature_of`: the head of a command in own name, with rank and name on the
    day); a signer's title or name given replaces the head's, the name with the rank the
    organisation knows (`writing.ranked_name`)."""
    day = issued_on or timezone.localdate()
    style = style_of(issuer)
    signature = signature_of(issuer, style=style, on=day)
    if signer_title.strip():
        signature["signer_title"] = signer_title
    if signer_name.strip():
        signature["signer_name"] = ranked_name(signer_name, issuer, day)
    document = documents.document_create(
        by=by,
        kind=DocumentKind.AWARD_DECISION,
        issuer=issuer,
        style=style,
        dated_on=day,
        subject=f"về việc tặng {form_name(form)}",
        content=decision_content(
            issuer=issuer, form=form, nominations=nominations, day=day, reason=reason
        ),
        recipients=sorted({n.proposing_unit.name for n in nominations}),
        **signature,
        classification=highest_mark(Nomination, [n.pk for n in nominations]),
    )
    return documents.document_issue(by=by, document=document, issued_on=issued_on)


def standing_agency_of(body: Unit) -> Unit | None:
    """The standing agency of the body's emulation council, when the catalogue names one."""
    row = AwardingBody.objects.filter(unit=body).select_related("standing_agency").first()
    return row.standing_agency if row is not None else None


def head_addressed(body: Unit, day: datetime.date | None) -> str:
    """How the body's standing agency addresses the body that decides: a people's committee
    by its name ("Ủy ban nhân dân tỉnh Đắk Lắk"), a Party committee by its standing board
    ("Ban Thường vụ Tỉnh ủy Đắk Lắk"), a command or an agency by its head, under the name the
    bodies below it write ("Thủ trưởng Bộ Tư lệnh Quân khu 2")."""
    name = name_on(body, on=day)
    if body.kind == UnitKind.LOCALITY:
        return name
    if body.kind == UnitKind.PARTY_COMMITTEE or body.home_line == Line.PARTY:
        return f"Ban Thường vụ {name}"
    return f"Thủ trưởng {body.organisation_name or name}"


def proposal_frame(nominations: list[Nomination]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The frame (the fields of `documents.document_draft`) and the content of the proposing
    unit's submission to the deciding authority for one form, with its list. Signed as the
    issuer signs its other documents (`writing.signature_of`: its head's title, rank and name
    on the day of the proposal), as the award decision is.

    For an award the proposing body decides itself, the submission goes to the body's head:
    from the standing agency of its emulation council when the catalogue names one (issued
    and signed by the agency, under the body in its header: "Cục Chính trị" to "Thủ trưởng Bộ
    Tư lệnh Quân khu 2"); else, from the body to its head, signed as the body's documents."""
    first = nominations[0]
    proposer, decider, form = first.proposing_unit, first.decider, first.form
    submitted = [n.submitted_at for n in nominations if n.submitted_at]
    day = timezone.localtime(max(submitted)).date() if submitted else None
    collectives = sum(1 for n in nominations if n.nominee_kind == NomineeKind.COLLECTIVE)
    individuals = len(nominations) - collectives
    name = form_name(form)
    period = first.emulation_period or str(first.year)
    campaign = first.campaign.title if first.campaign_id else ""  # type: ignore[union-attr]
    reason = f" trong {campaign[:1].lower() + campaign[1:]}" if campaign else ""
    own = decider.pk == proposer.pk
    agency = standing_agency_of(proposer) if own else None
    issuer = agency or proposer
    style = style_of(issuer)
    signature = signature_of(issuer, style=style, on=day)
    council = f"Hội đồng Thi đua - Khen thưởng {proposer.name}"
    to = decider.name
    if agency is not None:
        to = head_addressed(decider, day)
        asks = f"{name_on(agency, on=day)} kính trình {to} xét, tặng"
    elif own:
        # From the body's emulation council to its head, not from the body to itself.
        to = f"{signature['signer_title'] or 'Thủ trưởng'} {decider.name}"
        asks = f"{council} kính đề nghị {to} xét, tặng"
    else:
        asks = f"{proposer.name} kính đề nghị {to} xét, tặng"
    content = [
        {"key": "kinh-gui", "addressee": f"Kính gửi: {to}"},
        {
            "key": "can-cu",
            "text": f"Căn cứ {LAW};\nCăn cứ thành tích của các tập thể, cá nhân{reason} "
            f"({period}) và kết quả xét của {council},",
        },
        {
            "key": "de-nghi",
            "text": f"{asks} {name} cho {counted(collectives, individuals)} có tên trong danh "
            "sách kèm theo, đã có thành tích xuất sắc.",
        },
        {"key": "ket-thuc", "text": f"Kính trình {to} xem xét, quyết định."},
        _annex(
            f"Danh sách tập thể, cá nhân đề nghị tặng {name}",
            nominations,
            day or timezone.localdate(),
        ),
    ]
    frame = {
        "kind": DocumentKind.AWARD_PROPOSAL,
        "issuer": issuer,
        "style": style,
        "subject": f"về việc đề nghị tặng {name}",
        "dated_on": day,
        "place": unit_place(issuer),
        "recipients": ["Như trên"],
        **signature,
    }
    return frame, content


def proposal_draft(nominations: list[Nomination]) -> tuple[Document, list[dict[str, Any]]]:
    """The proposing unit's submission to the deciding authority for one form, with its list:
    an unsaved document and its content."""
    frame, content = proposal_frame(nominations)
    return documents.document_draft(**frame), content


def proposal_document_create(
    *, by: Any, nominations: list[Nomination], signer_title: str = "", signer_name: str = ""
) -> Document:
    """The proposal stored as a draft of its issuer (dự thảo lần 1: the proposing unit, or the
    standing agency of its emulation council, `proposal_frame`), to be corrected and issued
    like any of its documents. Runs inside the caller's transaction: the caller
    (`awards.proposals.proposal_create`) checks who may propose and locks the batch. A
    signer's title or name given replaces the head's, the name with the rank the organisation
    knows (`writing.ranked_name`)."""
    frame, content = proposal_frame(nominations)
    if signer_title.strip():
        frame["signer_title"] = signer_title
    if signer_name.strip():
        day = frame["dated_on"] or timezone.localdate()
        frame["signer_name"] = ranked_name(signer_name, frame["issuer"], day)
    return documents.document_create(
        by=by,
        content=content,
        classification=highest_mark(Nomination, [n.pk for n in nominations]),
        **frame,
    )


def document_previews() -> Iterator[tuple[str, Document, list[dict[str, Any]]]]:
    """One proposal per (proposing unit, deciding authority, form, year) of nominations
    that were put forward and are not yet in a stored proposal (those are held documents)."""
    nominations = (
        Nomination.objects.exclude(state=NominationState.DRAFT)
        .filter(proposal__isnull=True)
        .select_related(
            "proposing_unit",
            "decider",
            "form",
            "nominee_unit__parent",
            "nominee_person__unit",
            "campaign",
        )
        .order_by("proposing_unit_id", "decider_id", "form_id", "year", "pk")
    )
    key = lambda n: (n.proposing_unit_id, n.decider_id, n.form_id, n.year)  # noqa: E731
    for _key, group in groupby(nominations, key=key):
        batch = list(group)
        document, content = proposal_draft(batch)
        yield f"{document.get_kind_display()} – {batch[0].proposing_unit.name}", document, content
