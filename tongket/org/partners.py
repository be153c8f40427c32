"""The shared registry of names: any unit and any person may be NAMED on a record.

A coordination programme binds the provincial military Party committee with district Party
committees of another branch; a conference is chaired by a Deputy Minister and attended by
guests from Cục Tổ chức. Naming them must not depend on the naming officer's scope, and must
not open their data either: these reads return only what a name needs (a unit's code, name
and abbreviation; a person's name, current rank and positions) and are used by the pickers of
partner fields and by the services that check a named unit or person exists. Everything
else about a partner (its reports, people lists, figures) stays behind `org.selectors` and
the other apps' scoped selectors.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core.errors import NotFound
from tongket.core.text import normalize, search_key
from tongket.org.lines import valid_q
from tongket.org.models import Person, PersonRank, Position, Rank, Unit, UnitName

PERSON_CODE_PREFIX = "P"


def partner_units(*, search: str = "", include_dissolved: bool = False) -> QuerySet[Unit]:
    """Units of the whole registry whose current or former name, abbreviation or code starts
    a word with each typed word (diacritics and case ignored), in Vietnamese order."""
    queryset = Unit.objects.only("pk", "code", "name", "abbreviation", "dissolved_on", "sort_key")
    for word in search_key(search).split():
        queryset = queryset.filter(
            Q(search_text__startswith=word) | Q(search_text__contains=" " + word)
        )
    if not include_dissolved:
        queryset = queryset.filter(dissolved_on__isnull=True)
    return queryset.order_by("sort_key", "pk")


def partner_unit(*, code: str, on: datetime.date | None = None) -> Unit:
    """The unit a current or former code or abbreviation names, in the whole registry."""
    code = normalize(code)
    unit = Unit.objects.filter(code__iexact=code).first()
    if unit is not None:
        return unit
    names = UnitName.objects.filter(Q(code__iexact=code) | Q(abbreviation__iexact=code))
    if on is not None and names.filter(valid_q(on)).exists():
        names = names.filter(valid_q(on))
    found = names.select_related("unit").order_by("-valid_from").first()
    if found is None:
        raise NotFound(_("No unit has the code %(code)s.") % {"code": code})
    return found.unit


def person_code(person: Person) -> str:
    """How a person is typed in a picker: P and the record number (names repeat)."""
    return f"{PERSON_CODE_PREFIX}{person.pk}"


def registry_people(*, search: str = "", on: datetime.date | None = None) -> QuerySet[Person]:
    """People of the whole registry whose name matches every typed word, each with the rank
    and the positions they hold on the day (prefetched: `current_ranks`, `current_positions`)."""
    queryset = Person.objects.only("pk", "full_name", "sort_key", "unit_id", "is_military")
    for word in search_key(search).split():
        queryset = queryset.filter(
            Q(search_key__startswith=word) | Q(search_key__contains=" " + word)
        )
    return _with_current(queryset, on or timezone.localdate()).order_by("sort_key", "pk")


def _held_on(day: datetime.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def _with_current(queryset: QuerySet[Person], day: datetime.date) -> QuerySet[Person]:
    """`queryset` with the rank and the positions each person holds on `day` prefetched
    (`current_ranks`, `current_positions`: what `person_label` reads)."""
    ranks = PersonRank.objects.filter(_held_on(day)).select_related("rank").order_by("-valid_from")
    positions = Position.objects.filter(_held_on(day)).select_related("unit").order_by("order")
    return queryset.prefetch_related(
        Prefetch("ranks", queryset=ranks, to_attr="current_ranks"),
        Prefetch("positions", queryset=positions, to_attr="current_positions"),
    )


def person_label(person: Person) -> str:
    """ "Thiếu tướng Nguyễn Văn A, Phó Tư lệnh Quân khu" — rank, name, positions."""
    ranks = getattr(person, "current_ranks", None)
    if ranks is None:
        ranks = list(person.ranks.select_related("rank").order_by("-valid_from")[:1])
    positions = getattr(person, "current_positions", None)
    if positions is None:
        today = timezone.localdate()
        positions = [p for p in person.positions.select_related("unit") if p.held_on(today)]
    text = f"{ranks[0].rank.name} {person.full_name}" if ranks else person.full_name
    titles = [p.title for p in positions]
    return f"{text}, {'; '.join(titles)}" if titles else text


def registry_person(*, code: Any) -> Person:
    """The person a picker code ("P123", or "P123 — …") names, in the whole registry."""
    text = normalize(str(code or "")).split(" — ")[0].strip().upper()
    if text.startswith(PERSON_CODE_PREFIX):
        text = text[len(PERSON_CODE_PREFIX) :]
    try:
        return Person.objects.get(pk=int(text))
    except (Person.DoesNotExist, ValueError) as error:
        raise NotFound(_("No person has the code %(code)s.") % {"code": code}) from error


def person_duplicates(
    *,
    full_name: str,
    unit: Unit | None = None,
    rank: Rank | None = None,
    exclude: Person | None = None,
    on: datetime.date | None = None,
) -> QuerySet[Person]:
    """People of the whole registry who are likely the person about to be registered (or
    merged): the same name once diacritics, case and spacing are folded, the likeliest first,
    those kept by or posted at `unit` (`same_unit`), then those holding `rank` on `on`, today
    by default (`same_rank`). A namesake elsewhere is still listed: a guest is often
    registered once by their own body and again by the body that invited them.

    The registration services refuse a new record while this finds any (unless the caller
    confirms a namesake); the registration and merge pages list what it finds. Ranks and
    positions held on the day are prefetched for `person_label`."""
    day = on or timezone.localdate()
    key = search_key(full_name)
    if not key:
        return Person.objects.none()
    queryset = Person.objects.filter(search_key=key)
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    same_unit: Any = Value(False)
    if unit is not None:
        posted = Position.objects.filter(_held_on(day), person=OuterRef("pk"), unit=unit)
        same_unit = Case(When(Q(unit=unit) | Exists(posted), then=True), default=False)
    same_rank: Any = Value(False)
    if rank is not None:
        same_rank = Exists(
            PersonRank.objects.filter(_held_on(day), person=OuterRef("pk"), rank=rank)
        )
    queryset = queryset.annotate(
        same_unit=ExpressionWrapper(same_unit, output_field=BooleanField()),
        same_rank=ExpressionWrapper(same_rank, output_field=BooleanField()),
    )
    return _with_current(queryset.select_related("unit"), day).order_by(
        "-same_unit", "-same_rank", "pk"
    )
