"""Scoped reads of people, their ranks and positions. Outside the scope is NotFound (404)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import NotFound
from tongket.org.models import Person, PersonRank, Position, Rank, Unit
from tongket.org.selectors.units import search_words


def person_list(
    *, user: Any, search: str | None = None, unit: Unit | None = None, military: bool | None = None
) -> QuerySet[Person]:
    """People kept by units in the user's scope, sorted by given name the Vietnamese way."""
    queryset = scopes.restrict(Person.objects.select_related("unit"), user, "unit__path")
    for word in search_words(search):
        queryset = queryset.filter(search_key__contains=word)
    if unit is not None:
        queryset = queryset.filter(unit__path__startswith=unit.path)
    if military is not None:
        queryset = queryset.filter(is_military=military)
    return queryset.order_by("sort_key", "pk")


def person_get(*, user: Any, pk: Any) -> Person:
    try:
        return scopes.restrict(Person.objects.select_related("unit"), user, "unit__path").get(
            pk=int(pk)
        )
    except (Person.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Person not found.")) from error


def person_rank_on(*, person: Person, day: datetime.date) -> PersonRank | None:
    return (
        person.ranks.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("rank")
        .order_by("-valid_from")
        .first()
    )


def person_positions_on(*, person: Person, day: datetime.date) -> list[Position]:
    return list(
        person.positions.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("unit")
        .order_by("order", "valid_from")
    )


def people_with_current_rank(
    queryset: QuerySet[Person], day: datetime.date | None = None
) -> QuerySet[Person]:
    """Prefetch each person's rank and positions on `day` in two extra queries."""
    day = day or timezone.localdate()
    return queryset.prefetch_related(
        Prefetch(
            "ranks",
            queryset=PersonRank.objects.filter(valid_from__lte=day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
            .select_related("rank"),
            to_attr="ranks_now",
        ),
        Prefetch(
            "positions",
            queryset=Position.objects.filter(valid_from__lte=day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
            .select_related("unit")
            .order_by("order"),
            to_attr="positions_now",
        ),
    )


def rank_list() -> QuerySet[Rank]:
    return Rank.objects.all().order_by("order")


def position_get(*, user: Any, pk: Any) -> Position:
    """A position, visible when the person's record is."""
    try:
        return scopes.restrict(
            Position.objects.select_related("person", "person__unit", "unit"),
            user,
            "person__unit__path",
        ).get(pk=int(pk))
    except (Position.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Not found.")) from error
