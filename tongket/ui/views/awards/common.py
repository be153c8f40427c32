"""What the commendation pages share: who may do what (read off the grants, no queries), and
a service's refusal as messages per field."""

from __future__ import annotations

from typing import Any

from tongket.core import scopes
from tongket.org import policy
from tongket.org.policy import Action
from tongket.ui.views.base import call_form_service as call
from tongket.ui.views.base import has_role, refusal

__all__ = ["call", "has_role", "refusal"]


def is_officer(user: Any) -> bool:
    return has_role(user, policy.roles(Action.PROPOSE_AWARDS))


def is_decider(user: Any) -> bool:
    return has_role(user, policy.roles(Action.DECIDE_AWARDS))


def is_catalogue_admin(user: Any) -> bool:
    """Administrators of a whole tree edit the catalogues of forms and authorities (the
    service checks the same)."""
    from tongket.org.models import Unit

    if scopes.is_unrestricted(user):
        return True
    paths = scopes.scope_paths(user, policy.roles(Action.KEEP_AWARD_CATALOGUES)) or []
    if not paths:
        return False
    return Unit.objects.filter(parent__isnull=True, path__in=paths).exists()


def can_handle(user: Any, nomination: Any) -> bool:
    """The proposing unit's commendation officers: edit the draft, add files, submit."""
    return scopes.covers(user, nomination.proposing_unit, policy.roles(Action.PROPOSE_AWARDS))


def can_decide(user: Any, nomination: Any) -> bool:
    """The deciding authority's officers and approvers: council, approve, reject, forward."""
    return scopes.covers(user, nomination.decider, policy.roles(Action.DECIDE_AWARDS))
