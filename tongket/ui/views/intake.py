"""The page "Nhập từ văn bản": paste a text or upload a file, see it with the facts read
from it highlighted beside the records they propose (the meeting with its date, time of day,
format and place; people with ranks, positions and the part they played; award counts;
conclusions as follow-up tasks; the resolutions named, linked when known), correct them and
create them all at once (tongket.intake.applying.intake_apply)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.intake.applying import MeetingChoice, intake_apply, sources_of
from tongket.intake.models import IntakeSource
from tongket.intake.rows import awards_chosen, conclusions_chosen, people_chosen
from tongket.intake.services import intake_read
from tongket.meetings.choices import TIME_WORDS, MeetingFormat, MeetingKind, TimeOfDay
from tongket.org.models import Unit
from tongket.resolutions.choices import ResolutionKind
from tongket.ui.forms.intake import (
    AwardFormSet,
    ConclusionFormSet,
    IntakeMeetingForm,
    IntakeReadForm,
    PersonFormSet,
)
from tongket.ui.views.base import active_unit, call_service
from tongket.ui.views.intake_decision import decision_apply, decision_review, proposes_decision

GROUPS = ("events", "resolutions", "people", "units", "awards", "conclusions")
# Bootstrap's subtle backgrounds, one per group (the legend on the page uses the same).
MARKS = {
    "events": "bg-primary-subtle",
    "resolutions": "bg-info-subtle",
    "people": "bg-success-subtle",
    "units": "bg-secondary-subtle",
    "awards": "bg-warning-subtle",
    "conclusions": "bg-danger-subtle",
}


def highlighted(facts: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The text as (piece, group) pairs: each fact's span marked with its group, the first
    fact winning where spans overlap."""
    text = facts["text"]
    spans = sorted(
        (item["span"][0], item["span"][1], group)
        for group in GROUPS
        for item in facts.get(group, [])
        if item.get("span")
    )
    pieces: list[tuple[str, str, str]] = []
    cursor = 0
    for start, end, group in spans:
        if start < cursor:
            continue
        if start > cursor:
            pieces.append((text[cursor:start], "", ""))
        pieces.append((text[start:end], group, MARKS[group]))
        cursor = end
    pieces.append((text[cursor:], "", ""))
    return pieces


def _kind(sentence: str) -> str:
    lowered = sentence.lower()
    if "ban chỉ đạo" in lowered or "phiên họp" in lowered:
        return MeetingKind.STEERING_SESSION
    if "mở rộng" in lowered:
        return MeetingKind.EXPANDED_PARTY_CONFERENCE
    if "tổng kết" in lowered or "sơ kết" in lowered:
        return MeetingKind.REVIEW_CONFERENCE
    if "làm việc" in lowered:
        return MeetingKind.WORKING_SESSION
    return MeetingKind.OTHER


# An official document's kind, on a line of its own, and its subject on the next: "BÁO CÁO"
# / "Kết quả hội nghị …", "QUYẾT ĐỊNH" / "Về việc …".
_KIND_LINE = re.compile(
    r"^[ \t]*(BÁO CÁO|THÔNG BÁO|QUYẾT ĐỊNH|KẾT LUẬN|NGHỊ QUYẾT|BIÊN BẢN|KẾ HOẠCH|CHỈ THỊ|"
    r"TỜ TRÌNH)[ \t]*\n\s*(\S[^\n]*)",
    re.M,
)


def _headline(text: str) -> str:
    """What a text without a meeting's date is called: an official document by its kind and
    subject ("Quyết định về việc tặng Bằng khen …", never its header lines), anything else
    by its first line (an article's headline)."""
    found = _KIND_LINE.search(text)
    if found is not None:
        subject = found[2].strip()
        return f"{found[1].capitalize()} {subject[:1].lower()}{subject[1:]}"
    return next((line for line in text.splitlines() if line.strip()), "")


def _meeting_initial(facts: dict[str, Any], unit: Unit | None, hosts: Any) -> dict[str, Any]:
    event = facts["events"][0] if facts["events"] else {}
    text = facts["text"]
    sentence = _headline(text)[:300]
    if event:
        start = event["span"][0]
        stop = re.search(r"[.\n]", text[start:])
        sentence = text[start : start + (stop.start() if stop else 300)]
    # The title is the sentence without its opening date: "…, Đảng ủy … tổ chức Hội nghị …".
    title = " ".join(re.sub(r"^[^,]{0,40}\d[^,]*,\s*", "", sentence).split())
    host = None
    for fact in facts["units"]:
        if fact.get("match") and hosts.filter(pk=fact["match"]).exists():
            host = fact["match"]
            break
    if host is None and unit is not None and hosts.filter(pk=unit.pk).exists():
        host = unit.pk
    return {
        "kind": _kind(sentence),
        "title": title[:300],
        "date": event.get("date") or facts.get("published"),
        "time_of_day": TIME_WORDS.get(event.get("time_of_day") or "", TimeOfDay.MORNING),
        "format": event.get("format") or MeetingFormat.IN_PERSON,
        "place": event.get("place") or "",
        "host_unit": host,
    }


def _initials(facts: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    people = [
        {
            "use": True,
            "name": p["name"],
            "rank": p["rank"] or "",
            "positions": "\n".join(p["positions"]),
            "role": p["role"] or "",
            "match": p["match"],
            "create": False,
        }
        for p in facts["people"]
    ]
    awards = [
        {
            "use": True,
            "form": a["form"] or "Bằng khen",
            "collectives": a["collectives"],
            "individuals": a["individuals"],
            "proposed_to_higher": a["proposed_to_higher"],
            "given_by": a.get("by") or "",
        }
        for a in facts["awards"]
    ]
    conclusions = []
    for c in facts["conclusions"]:
        named = c.get("assignees") or []
        # Dissolved since is fine: the meeting may be older than the dissolution (the
        # service checks each unit existed on the meeting's day).
        several = list(Unit.objects.filter(name__in=named))
        several.sort(key=lambda unit: named.index(unit.name))
        if len(named) > 1:
            assignee = None
        else:
            assignee = Unit.objects.filter(name=c["assignee"]).first() if c["assignee"] else None
            several = []
        conclusions.append(
            {
                "use": True,
                "text": c["text"],
                "assignee": assignee,
                "units": several,
                "deadline": c["deadline"],
                "deadline_unknown": c.get("deadline_unknown", not c["deadline"]),
            }
        )
    return {"people": people, "awards": awards, "conclusions": conclusions}


def _page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, "ui/intake/page.html", {"title": _("Intake from a text"), **context})


# The words of a text for a kind of followed document, and the kind the register form takes.
_KIND_OF_WORD = {
    "nghị quyết": ResolutionKind.RESOLUTION,
    "chỉ thị": ResolutionKind.DIRECTIVE,
    "kết luận": ResolutionKind.CONCLUSION,
    "quy định": ResolutionKind.REGULATION,
    "chương trình": ResolutionKind.COORDINATION_PROGRAMME,
    "kế hoạch": ResolutionKind.PLAN,
    "đề án": ResolutionKind.PROJECT,
    "quyết định": ResolutionKind.DECISION,
}


def _register_links(facts: dict[str, Any], user: Any) -> None:
    """A resolution the text names and the registry does not know can be registered from
    here: its form opens filled with what the text says (kind, number and symbol, date,
    issuer when the text's unit was matched, subject)."""
    visible = {u["name"]: u["match"] for u in facts["units"] if u.get("visible")}
    codes = dict(
        Unit.objects.filter(pk__in=visible.values())
        .filter(scopes.reach_q(user))
        .values_list("pk", "code")
    )
    issuers = {name: codes.get(pk) for name, pk in visible.items()}
    for record in facts["resolutions"]:
        if record.get("match"):
            continue
        query = {
            "kind": _KIND_OF_WORD.get(record.get("kind") or "", ResolutionKind.OTHER),
            "symbol": record.get("symbol") or "",
            "issued_on": record.get("date") or "",
            "subject": record.get("subject") or "",
        }
        issuer = issuers.get(record.get("issuer") or "")
        if issuer:
            query["issuing_unit"] = issuer
        record["register_url"] = (
            reverse("ui:resolution_create")
            + "?"
            + urlencode({key: value for key, value in query.items() if value})
        )


def _review_context(
    facts: dict[str, Any], meeting_form: Any, sets: dict[str, Any], user: Any
) -> dict[str, Any]:
    _register_links(facts, user)
    return {
        "facts": facts,
        "pieces": highlighted(facts),
        "meeting_form": meeting_form,
        "people_set": sets["people"],
        "award_set": sets["awards"],
        "conclusion_set": sets["conclusions"],
        "rows": {
            "people": list(zip(sets["people"].forms, facts["people"], strict=False)),
        },
    }


@login_required
def intake_page(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, {"read_form": IntakeReadForm()})
    if request.POST.get("step") == "apply_decision":
        return decision_apply(request, highlighted)
    if request.POST.get("step") != "apply":
        read_form = IntakeReadForm(request.POST, request.FILES)
        if not read_form.is_valid():
            return _page(request, {"read_form": read_form})
        upload = read_form.cleaned_data.get("file")
        facts = call_service(
            read_form,
            intake_read,
            by=request.user,
            text=read_form.cleaned_data.get("text") or "",
            upload=upload,
            published=read_form.cleaned_data.get("published"),
        )
        if facts is None:
            return _page(request, {"read_form": read_form})
        if proposes_decision(request, facts):
            return decision_review(request, facts, upload, highlighted)
        if facts.get("decision") and request.POST.get("read_as") != "meeting":
            messages.info(
                request,
                _(
                    "This text reads as a commendation decision. It is recorded as one by an "
                    "officer who handles the commendations of the body that gives them; here "
                    "it is read as a meeting."
                ),
            )
        meeting_form = IntakeMeetingForm(user=request.user)
        initial = _meeting_initial(
            facts, active_unit(request), meeting_form.fields["host_unit"].queryset
        )
        meeting_form = IntakeMeetingForm(
            user=request.user,
            initial={
                **initial,
                "source_text": facts["text"],
                "facts": facts,
                "file_name": getattr(upload, "name", "") or "",
                "conversion": ", ".join(facts["conversion"]["names"]),
            },
        )
        rows = _initials(facts)
        sets = {
            "people": PersonFormSet(prefix="people", initial=rows["people"]),
            "awards": AwardFormSet(prefix="awards", initial=rows["awards"]),
            "conclusions": ConclusionFormSet(prefix="conclusions", initial=rows["conclusions"]),
        }
        return _page(request, _review_context(facts, meeting_form, sets, request.user))
    return _apply(request)


def _apply(request: HttpRequest) -> HttpResponse:
    meeting_form = IntakeMeetingForm(request.POST, user=request.user)
    sets = {
        "people": PersonFormSet(request.POST, prefix="people"),
        "awards": AwardFormSet(request.POST, prefix="awards"),
        "conclusions": ConclusionFormSet(request.POST, prefix="conclusions"),
    }
    valid = meeting_form.is_valid() & all(s.is_valid() for s in sets.values())
    facts = (
        meeting_form.cleaned_data.get("facts") if hasattr(meeting_form, "cleaned_data") else None
    )
    if not isinstance(facts, dict) or "text" not in facts:
        return _page(request, {"read_form": IntakeReadForm(), "expired": True})
    if valid:
        data = meeting_form.cleaned_data
        meeting = call_service(
            meeting_form,
            intake_apply,
            # The service counts the rows it was given: those ticked.
            formsets={
                prefix: [row for row in rows.forms if row.cleaned_data.get("use")]
                for prefix, rows in sets.items()
            },
            by=request.user,
            host_unit=data["host_unit"],
            text=data["source_text"],
            facts=facts,
            meeting=MeetingChoice(
                kind=data["kind"],
                title=data["title"],
                date=data["date"],
                time_of_day=data["time_of_day"],
                format=data["format"],
                place=data["place"],
            ),
            people=people_chosen(sets["people"].cleaned_data),
            awards=awards_chosen(sets["awards"].cleaned_data),
            conclusions=conclusions_chosen(sets["conclusions"].cleaned_data),
            file_name=data.get("file_name") or "",
            conversion=data.get("conversion") or "",
        )
        if meeting is not None:
            messages.success(
                request, _("The meeting and the records read from the text were created.")
            )
            return redirect("ui:intake_result", sources_of(meeting)[0].pk)
    return _page(request, _review_context(facts, meeting_form, sets, request.user))


@login_required
def intake_result(request: HttpRequest, pk: int) -> HttpResponse:
    """What one intake made: the source text and every record linked to it, grouped."""
    source = get_object_or_404(IntakeSource.objects.select_related("unit", "created_by"), pk=pk)
    if not scopes.covers(request.user, source.unit):
        raise Http404
    records: dict[str, list[Any]] = {}
    for link in source.links.select_related("content_type"):
        records.setdefault(link.content_type.model, []).append(link.record)
    return render(
        request,
        "ui/intake/result.html",
        {"title": _("Records made from a text"), "source": source, "records": records},
    )
