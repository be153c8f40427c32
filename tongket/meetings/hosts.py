"""Who records a meeting: the tracking officers (and administrators) of its host unit
(`Action.HOST_MEETINGS`). Below both the services and the documents of meetings, which ask it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.meetings.models import Meeting
from tongket.org import policy
from tongket.org.policy import Action


def require_host(by: Any, meeting: Meeting) -> None:
    scopes.require_role(
        by, meeting.host_unit, policy.roles(Action.HOST_MEETINGS), _("record meetings")
    )
