"""Which nominations a user's reads reach: the one filter of `selectors.nomination_list`
(the units the user covers, as proposer or as deciding authority, and the user's clearance),
kept here so that the rules which count every nomination (a quota, a duplicate, a repeat)
can tell the ones a reader may not see without importing the selectors."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from tongket.awards.models import Nomination
from tongket.core import scopes
from tongket.core.classification import clearance_q


def nomination_reach_q(user: Any) -> Q:
    """The nominations `user` may read: proposed by or decided by a unit the user covers,
    and not marked above the user's clearance."""
    return (
        scopes.scope_q(user, "proposing_unit__path") | scopes.scope_q(user, "decider__path")
    ) & clearance_q(user, Nomination)


def unseen(user: Any, nominations: QuerySet[Nomination]) -> QuerySet[Nomination]:
    """Those of `nominations` that `user` may not read."""
    return nominations.exclude(pk__in=nominations.filter(nomination_reach_q(user)).values("pk"))
