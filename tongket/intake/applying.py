"""From checked facts to records, in one transaction, through the domain services.

The officer has corrected the proposed meeting, people, award counts and conclusions;
`intake_apply` makes them: the people to be registered (person, rank, positions:
`org.services.people`), the meeting with its chair and presenters (`meetings.services`), each
conclusion with its follow-up task, the award counts, and the source text linked to every
record it made. Any refusal (a role missing, a date before the meeting…) undoes everything.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError
from tongket.core.services import changelog_record
from tongket.core.text import normalize, search_key
from tongket.intake.models import IntakeLink, IntakeSource, MeetingAwardCount
from tongket.meetings import services as meeting_services
from tongket.meetings.models import Meeting
from tongket.org import policy
from tongket.org.models import Person, Rank, Unit
from tongket.org.policy import Action
from tongket.org.services import people as people_services


@dataclass
class PersonChoice:
    """A person fact as checked: an existing person (`match`), one to register (`create`),
    or only a name for the guest list."""

    name: str
    rank: str | None = None
    positions: list[str] = field(default_factory=list)
    match: int | None = None
    create: bool = False
    role: str | None = None  # "chair", "presenter" or None


@dataclass
class AwardChoice:
    form: str
    collectives: int = 0
    individuals: int = 0
    proposed_to_higher: bool = False
    given_by: str = ""


@dataclass
class ConclusionChoice:
    """A conclusion as checked; with `assignee`, also its follow-up task, due by `deadline`
    or, when the text gives none, with its deadline not yet determined (`deadline_unknown`,
    said explicitly so that a date left out by mistake is not taken for an unknown one)."""

    text: str
    assignee: Unit | None = None
    deadline: datetime.date | None = None
    deadline_unknown: bool = False
    # Several bodies ("các huyện ủy Lắk, Ea Súp và Krông Ana"): one task each, one batch.
    units: list[Unit] = field(default_factory=list)


@dataclass
class MeetingChoice:
    kind: str
    title: str
    date: datetime.date
    time_of_day: str
    format: str
    place: str = ""


def _person(
    by: Any, choice: PersonChoice, index: int, unit: Unit, day: datetime.date
) -> Person | None:
    if choice.match:
        person = Person.objects.filter(pk=choice.match).first()
        if person is None:
            raise DomainError(_("The person chosen no longer exists."), field=f"people-{index}")
        return person
    if not choice.create:
        return None
    name = normalize(choice.name)
    if not name:
        raise DomainError(_("Write the person's name."), field=f"people-{index}-name")
    # Never a second record of someone the registry holds: the officer must choose them.
    if Person.objects.filter(search_key=search_key(name)).exists():
        raise DomainError(
            _("%(name)s is already registered: choose the existing record.") % {"name": name},
            field=f"people-{index}",
        )
    person = people_services.person_create(by=by, full_name=name, unit=unit)
    if choice.rank:
        rank = Rank.objects.filter(name=choice.rank).first()
        if rank is None:
            raise DomainError(
                _("%(rank)s is not in the rank table.") % {"rank": choice.rank},
                field=f"people-{index}-rank",
            )
        people_services.rank_add(by=by, person=person, rank=rank, valid_from=day)
    for order, title in enumerate(choice.positions):
        people_services.position_add(
            by=by, person=person, unit=unit, title=normalize(title), valid_from=day, order=order
        )
    return person


def _guest_line(choice: PersonChoice) -> str:
    words = " ".join(part for part in (choice.rank, normalize(choice.name)) if part)
    return ", ".join([words, *choice.positions])


@transaction.atomic
def intake_apply(
    *,
    by: Any,
    host_unit: Unit,
    text: str,
    facts: dict[str, Any],
    meeting: MeetingChoice,
    people: list[PersonChoice],
    awards: list[AwardChoice],
    conclusions: list[ConclusionChoice],
    file_name: str = "",
    conversion: str = "",
) -> Meeting:
    """Make the meeting and everything checked with it, and keep the source text linked to
    every record made. Tracking officers and administrators of `host_unit` may call it (the
    meeting service checks); registering a new person needs the people service's role."""
    scopes.require_role(by, host_unit, policy.roles(Action.HOST_MEETINGS), _("record meetings"))
    if not normalize(text):
        raise DomainError(_("The source text is empty."), field="text")
    made: list[models.Model] = []
    chosen: list[tuple[PersonChoice, Person | None]] = []
    for index, choice in enumerate(people):
        person = _person(by, choice, index, host_unit, meeting.date)
        if person is not None and not choice.match:
            made.append(person)
        chosen.append((choice, person))
    chairs = [person for choice, person in chosen if choice.role == "chair" and person]
    presenters = [person for choice, person in chosen if choice.role == "presenter" and person]
    attending = [person for choice, person in chosen if choice.role is None and person]
    guests = "\n".join(_guest_line(choice) for choice, person in chosen if person is None)
    record = meeting_services.meeting_create(
        by=by,
        host_unit=host_unit,
        kind=meeting.kind,
        title=normalize(meeting.title),
        date=meeting.date,
        time_of_day=meeting.time_of_day,
        format=meeting.format,
        place=normalize(meeting.place),
        chair=chairs[0] if chairs else None,
        presenters=presenters,
        participants=attending + chairs[1:],
        guests=guests,
    )
    made.append(record)
    for index, award in enumerate(awards):
        if (
            award.collectives < 0
            or award.individuals < 0
            or not (award.collectives or award.individuals)
        ):
            raise DomainError(
                _("Give the number of collectives or of individuals awarded."),
                field=f"awards-{index}",
            )
        if not normalize(award.form):
            raise DomainError(_("Name the award form."), field=f"awards-{index}-form")
        made.append(
            MeetingAwardCount.objects.create(
                meeting=record,
                form=normalize(award.form),
                collectives=award.collectives,
                individuals=award.individuals,
                proposed_to_higher=award.proposed_to_higher,
                given_by=normalize(award.given_by)[:200],
            )
        )
    for index, item in enumerate(conclusions):
        conclusion = meeting_services.conclusion_add(by=by, meeting=record, text=item.text)
        made.append(conclusion)
        if item.assignee is not None and len(item.units) > 1:
            raise DomainError(
                _("Give the task to one unit or to several, not both."),
                field=f"conclusions-{index}",
            )
        several = len(item.units) > 1
        assignee = item.assignee or (item.units[0] if item.units else None)
        if not several and assignee is None:
            if item.deadline is None:
                continue  # a conclusion without a task
            raise DomainError(
                _(
                    "A follow-up task needs the unit it is given to: choose it, or clear the "
                    "deadline to record the conclusion without a task."
                ),
                field=f"conclusions-{index}-assignee",
            )
        if item.deadline is None and not item.deadline_unknown:
            raise DomainError(
                _("Give the task's deadline, or mark it as not yet determined."),
                field=f"conclusions-{index}",
            )
        if several:
            made.append(
                meeting_services.task_batch_add(
                    by=by,
                    conclusion=conclusion,
                    title=item.text[:500],
                    units=item.units,
                    deadline=item.deadline,
                )
            )
        else:
            made.append(
                meeting_services.task_add(
                    by=by,
                    conclusion=conclusion,
                    title=item.text[:500],
                    assignee=assignee,
                    deadline=item.deadline,
                )
            )
    source = IntakeSource.objects.create(
        text=text,
        file_name=file_name[:255],
        published=facts.get("published") or None,
        conversion=conversion[:100],
        facts={key: value for key, value in facts.items() if key != "text"},
        unit=host_unit,
        created_by=by if getattr(by, "pk", None) else None,
    )
    IntakeLink.objects.bulk_create(
        IntakeLink(
            source=source,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
        )
        for obj in made
    )
    changelog_record(
        by=by,
        action="intake_apply",
        obj=record,
        after={"source": source.pk, "records": len(made)},
        unit_path=host_unit.path,
    )
    return record


def sources_of(record: models.Model) -> list[IntakeSource]:
    """The source texts a record was made from."""
    return list(
        IntakeSource.objects.filter(
            links__content_type=ContentType.objects.get_for_model(record),
            links__object_id=record.pk,
        ).distinct()
    )
