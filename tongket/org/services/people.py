"""People, their dated ranks and their positions."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.bulk_writes import rows_written_notify
from tongket.core.errors import DomainError, LikelyDuplicates
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize, person_sort_key, search_key
from tongket.org import partners, policy
from tongket.org.choices import Gender
from tongket.org.models import Person, PersonRank, Position, Rank, Unit
from tongket.org.policy import Action
from tongket.org.services.units import check_version


def _fields(person: Person) -> None:
    person.full_name = normalize(person.full_name)
    if not person.full_name:
        raise DomainError(_("Enter the person's full name."), field="full_name")
    if person.gender and person.gender not in Gender.values:
        raise DomainError(_("Choose a gender."), field="gender")
    if person.birth_year and not 1900 <= person.birth_year <= datetime.date.today().year:
        raise DomainError(
            _("Enter a year of birth between 1900 and this year."), field="birth_year"
        )
    person.search_key = search_key(person.full_name)
    person.sort_key = person_sort_key(person.full_name)[:400]


@transaction.atomic
def person_create(
    *,
    by: Any,
    full_name: str,
    unit: Unit,
    gender: str = "",
    birth_year: int | None = None,
    is_military: bool = True,
    email: str = "",
    phone: str = "",
    note: str = "",
) -> Person:
    """Register a person kept by `unit`, with no check for namesakes (the demo, tests, an
    intake that matched the names itself); a person registering someone goes through
    `person_register`. Administrators and tracking officers of the unit's subtree may call it
    (`Action.REGISTER_PEOPLE`)."""
    if unit is None:
        raise DomainError(_("Choose the managing unit."), field="unit")
    scopes.require_role(by, unit, policy.roles(Action.REGISTER_PEOPLE), _("register people"))
    person = Person(
        full_name=full_name,
        unit=unit,
        gender=gender,
        birth_year=birth_year,
        is_military=is_military,
        email=normalize(email),
        phone=normalize(phone),
        note=normalize(note),
    )
    _fields(person)
    person.save()
    changelog_record(
        by=by, action="person_create", obj=person, after=snapshot(person), unit_path=unit.path
    )
    return person


# How many likely duplicates a refusal names (the merge page lists more).
NAMESAKES_NAMED = 5


def person_check_new(*, full_name: str, unit: Unit | None, rank: Rank | None = None) -> None:
    """Refuse to register a person the registry likely holds already (`partners.
    person_duplicates`: the same folded name, the likeliest first), naming them, so that the
    caller picks the existing record or confirms that a namesake is meant."""
    found = list(partners.person_duplicates(full_name=full_name, unit=unit, rank=rank)[:10])
    if not found:
        return
    raise LikelyDuplicates(
        _(
            "Already registered under this name: %(people)s. Pick that person where you need "
            "them, or confirm that this is another person with the same name."
        )
        % {
            "people": "; ".join(
                f"{partners.person_label(p)} ({p.unit.name})" for p in found[:NAMESAKES_NAMED]
            )
        },
        matches=[
            {
                "id": p.pk,
                "code": partners.person_code(p),
                "label": partners.person_label(p),
                "unit": p.unit.code,
                "unit_name": p.unit.name,
                "same_unit": bool(p.same_unit),  # type: ignore[attr-defined]
                "same_rank": bool(p.same_rank),  # type: ignore[attr-defined]
            }
            for p in found
        ],
        field="full_name",
    )


@transaction.atomic
def person_register(
    *,
    by: Any,
    full_name: str,
    unit: Unit,
    confirm_new: bool = False,
    gender: str = "",
    birth_year: int | None = None,
    is_military: bool = True,
    email: str = "",
    phone: str = "",
    note: str = "",
) -> Person:
    """Register a person as an officer does, on the registration page or through the API:
    refused (`LikelyDuplicates`, naming them) while the registry holds someone of the same
    name, unless `confirm_new` says a namesake is meant; then `person_create`. Who may call
    it: as `person_create` (`Action.REGISTER_PEOPLE` on `unit`), checked before anything of
    the registry is named."""
    if unit is None:
        raise DomainError(_("Choose the managing unit."), field="unit")
    scopes.require_role(by, unit, policy.roles(Action.REGISTER_PEOPLE), _("register people"))
    if not confirm_new:
        person_check_new(full_name=full_name, unit=unit)
    return person_create(
        by=by,
        full_name=full_name,
        unit=unit,
        gender=gender,
        birth_year=birth_year,
        is_military=is_military,
        email=email,
        phone=phone,
        note=note,
    )


@transaction.atomic
def person_update(*, by: Any, person: Person, version: int | None = None, **changes: Any) -> Person:
    """Edit a person's details; moving the record to another unit needs both units."""
    scopes.require_role(by, person.unit, policy.roles(Action.REGISTER_PEOPLE), _("edit people"))
    person = Person.objects.select_for_update().select_related("unit").get(pk=person.pk)
    check_version(person, version)
    before = snapshot(person)
    allowed = {"full_name", "gender", "birth_year", "is_military", "email", "phone", "note", "unit"}
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(
            _("These fields cannot be changed: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    new_unit = changes.get("unit")
    if new_unit is not None and new_unit.pk != person.unit_id:
        scopes.require_role(
            by, new_unit, policy.roles(Action.REGISTER_PEOPLE), _("move people here")
        )
    for key, value in changes.items():
        setattr(person, key, value)
    _fields(person)
    person.version += 1
    person.save()
    changelog_record(
        by=by,
        action="person_update",
        obj=person,
        before=before,
        after=snapshot(person),
        unit_path=person.unit.path,
    )
    return person


@transaction.atomic
def rank_add(
    *, by: Any, person: Person, rank: Rank, valid_from: datetime.date, decision: str = ""
) -> PersonRank:
    """Record a promotion (or any rank change) from `valid_from`. The rank held before ends
    the day before; a rank dated earlier than the last is inserted in its place in time."""
    scopes.require_role(by, person.unit, policy.roles(Action.REGISTER_PEOPLE), _("edit people"))
    if not person.is_military:
        raise DomainError(_("Civilian people have no military rank."), field="rank")
    if rank is None:
        raise DomainError(_("Choose a rank."), field="rank")
    if valid_from is None:
        raise DomainError(_("Enter the date from which the rank is held."), field="valid_from")
    if PersonRank.objects.filter(person=person, valid_from=valid_from).exists():
        raise DomainError(_("A rank already starts on that date."), field="valid_from")
    entry = PersonRank.objects.create(
        person=person, rank=rank, valid_from=valid_from, decision=normalize(decision)
    )
    # Re-chain the history: each rank lasts until the day before the next one starts.
    chain = list(PersonRank.objects.filter(person=person).order_by("valid_from"))
    for current, following in itertools.pairwise(chain):
        current.valid_to = following.valid_from - datetime.timedelta(days=1)
    chain[-1].valid_to = None
    PersonRank.objects.bulk_update(chain, ["valid_to"])
    changelog_record(
        by=by,
        action="rank_add",
        obj=person,
        after={"rank": rank.name, "valid_from": valid_from.isoformat()},
        unit_path=person.unit.path,
    )
    return entry


@transaction.atomic
def position_add(
    *,
    by: Any,
    person: Person,
    unit: Unit,
    title: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    order: int = 0,
) -> Position:
    """A person takes a position at `unit`. Positions may overlap (concurrent posts)."""
    scopes.require_role(by, person.unit, policy.roles(Action.REGISTER_PEOPLE), _("edit people"))
    if unit is None:
        raise DomainError(_("Choose the unit of the position."), field="unit")
    # The post may be in another branch (a guest's: Cục trưởng Cục Tổ chức): naming the unit
    # reads nothing of it (org.partners).
    title = normalize(title)
    if not title:
        raise DomainError(_("Enter the title of the position."), field="title")
    if valid_from is None:
        raise DomainError(_("Enter the start date."), field="valid_from")
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(_("The end date cannot be before the start date."), field="valid_to")
    if not unit.exists_on(valid_from) and not (
        unit.dissolved_on and valid_from < unit.dissolved_on
    ):
        raise DomainError(
            _("%(unit)s does not exist on %(date)s.")
            % {"unit": unit.name, "date": valid_from.strftime("%d/%m/%Y")},
            field="unit",
        )
    position = Position.objects.create(
        person=person, unit=unit, title=title, valid_from=valid_from, valid_to=valid_to, order=order
    )
    changelog_record(
        by=by,
        action="position_add",
        obj=person,
        after=snapshot(position),
        unit_path=person.unit.path,
    )
    return position


@transaction.atomic
def position_end(*, by: Any, position: Position, valid_to: datetime.date) -> Position:
    """The person leaves the position on `valid_to` (inclusive)."""
    person = position.person
    scopes.require_role(by, person.unit, policy.roles(Action.REGISTER_PEOPLE), _("edit people"))
    if valid_to is None:
        raise DomainError(_("Enter the end date."), field="valid_to")
    if valid_to < position.valid_from:
        raise DomainError(_("The end date cannot be before the start date."), field="valid_to")
    before = snapshot(position)
    position.valid_to = valid_to
    position.save(update_fields=["valid_to"])
    changelog_record(
        by=by,
        action="position_end",
        obj=person,
        before=before,
        after=snapshot(position),
        unit_path=person.unit.path,
    )
    return position


@transaction.atomic
def person_merge(*, by: Any, keep: Person, drop: Person) -> Person:
    """Merge a duplicate record into `keep`: every row of any app that names `drop` (ranks,
    positions, meeting roles, committee seats, nominations, a login) names `keep` instead,
    then `drop` is deleted. Where `keep` already holds the same row (a rank from the same day,
    the same meeting), `keep`'s stays. Needs the right to edit both records."""
    if keep.pk == drop.pk:
        raise DomainError(_("Choose another person to merge into this one."), field="drop")
    wanted = policy.roles(Action.REGISTER_PEOPLE)
    scopes.require_role(by, keep.unit, wanted, _("edit people"))
    scopes.require_role(by, drop.unit, wanted, _("edit people"))
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[keep.pk, drop.pk])}
    if len(locked) != 2:
        raise DomainError(_("This person was removed in the meantime."), field="drop")
    keep, drop = locked[keep.pk], locked[drop.pk]
    dropped = snapshot(drop)
    moved: dict[str, int] = {}
    for relation in Person._meta.related_objects:
        model: Any = relation.related_model
        if relation.many_to_many:
            m2m: Any = relation.field
            through = m2m.remote_field.through
            source = m2m.m2m_field_name()  # the model holding the field
            target = m2m.m2m_reverse_field_name()  # the person
            rows = through.objects.filter(**{target: drop.pk})
            for row in rows:
                owner = getattr(row, f"{source}_id")
                if not through.objects.filter(**{source: owner, target: keep.pk}).exists():
                    through.objects.create(**{source + "_id": owner, target + "_id": keep.pk})
                    moved[model._meta.label] = moved.get(model._meta.label, 0) + 1
            rows.delete()
            continue
        name = relation.field.name
        if relation.one_to_one:
            if model.objects.filter(**{name: drop}).exists():
                if model.objects.filter(**{name: keep}).exists():
                    raise DomainError(
                        _(
                            "Both records have a login: unlink one of them from its user "
                            "before merging."
                        ),
                        field="drop",
                    )
                one = list(model.objects.filter(**{name: drop}).values_list("pk", flat=True))
                model.objects.filter(pk__in=one).update(**{name: keep})
                rows_written_notify(model=model, pks=one, fields=(name,))
                moved[model._meta.label] = 1
            continue
        for row in model.objects.filter(**{name: drop}):
            try:
                with transaction.atomic():
                    model.objects.filter(pk=row.pk).update(**{name: keep})
                rows_written_notify(model=model, pks=[row.pk], fields=(name,))
                moved[model._meta.label] = moved.get(model._meta.label, 0) + 1
            except IntegrityError:
                # `keep` already holds this row (same rank date, same seat): keep's stays.
                model.objects.filter(pk=row.pk).delete()
    for attr in ("gender", "birth_year", "email", "phone"):
        if not getattr(keep, attr) and getattr(drop, attr):
            setattr(keep, attr, getattr(drop, attr))
    if drop.note and drop.note not in keep.note:
        keep.note = "\n".join(text for text in (keep.note, drop.note) if text)
    keep.version += 1
    keep.save()
    drop.delete()
    changelog_record(
        by=by,
        action="person_merge",
        obj=keep,
        before={"merged": dropped},
        after={"moved": moved, **snapshot(keep)},
        unit_path=keep.unit.path,
    )
    return keep
