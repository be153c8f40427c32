"""Which resolutions reach a user: the reach filter, the clearance, the keeper's right."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from tongket.core import classification, scopes
from tongket.org import policy
from tongket.org.policy import Action
from tongket.resolutions.choices import Classification
from tongket.resolutions.models import Resolution, ResolutionParty


def cleared_classifications(user: Any) -> list[str]:
    """The marks the user may read: the one rule of `core.classification`."""
    return classification.cleared_marks(user)


def resolution_reach_q(user: Any, prefix: str = "") -> Q:
    """The filter of resolutions (through `prefix`, e.g. "resolution__") reaching the user."""
    if scopes.is_unrestricted(user):
        return Q()
    parties = ResolutionParty.objects.filter(scopes.reach_q(user, "unit__path")).values(
        "resolution_id"
    )
    return (
        scopes.reach_q(user, f"{prefix}issuing_unit__path")
        | scopes.reach_q(user, f"{prefix}owner_unit__path")
        | Q(**{f"{prefix}pk__in": parties})
    ) & Q(**{f"{prefix}classification__in": cleared_classifications(user)})


def can_keep(user: Any, resolution: Resolution) -> bool:
    """May the user edit the resolution record (tracking officer of the unit keeping it)?"""
    return scopes.covers(user, resolution.owner_unit, policy.roles(Action.KEEP_RESOLUTIONS))


def classification_choices_for(user: Any) -> list[tuple[str, str]]:
    allowed = set(cleared_classifications(user))
    return [(value, label) for value, label in Classification.choices if value in allowed]
