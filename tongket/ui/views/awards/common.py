"""What the commendation pages share: who may do what (read off the grants, no queries), and
a service's refusal as messages per field."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from tongket.awards.services import DECIDER_ROLES, OFFICER_ROLES
from tongket.core import scopes
from tongket.org.choices import Role
from tongket.ui.views.base import call_form_service as call
from tongket.ui.views.base import has_role, refusal

__all__ = ["DECIDER_ROLES", "OFFICER_ROLES", "call", "has_role", "refusal"]


def is_officer(user: Any) -> bool:
    return has_role(user, OFFICER_ROLES)


def is_decider(user: Any) -> bool:
    return has_role(user, DECIDER_ROLES)


def is_catalogue_admin(user: Any) -> bool:
    """Administrators of a whole tree edit the catalogues of forms and authorities (the
    service checks the same)."""
    from tongket.org.models import Unit

    if scopes.is_unrestricted(user):
        return True
    paths = scopes.scope_paths(user, (Role.ADMINISTRATOR,)) or []
    if not paths:
        return False
    return Unit.objects.filter(parent__isnull=True, path__in=paths).exists()


def can_handle(user: Any, nomination: Any) -> bool:
    """The proposing unit's commendation officers: edit the draft, add files, submit."""
    return scopes.covers(user, nomination.proposing_unit, OFFICER_ROLES)


def can_decide(user: Any, nomination: Any) -> bool:
    """The deciding authority's officers and approvers: council, approve, reject, forward."""
    return scopes.covers(user, nomination.decider, DECIDER_ROLES)


ACTION_LABELS = {
    "nomination_create": gettext_lazy("Nomination created"),
    "nomination_update": gettext_lazy("Nomination edited"),
    "nomination_file_add": gettext_lazy("File added to the dossier"),
    "nomination_submit": gettext_lazy("Submitted"),
    "nomination_council": gettext_lazy("Reviewed by the awards council"),
    "nomination_approve": gettext_lazy("Approved"),
    "nomination_reject": gettext_lazy("Rejected"),
    "nomination_forward": gettext_lazy("Forwarded to a higher authority"),
}
