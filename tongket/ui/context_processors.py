"""What every page's layout needs: navigation, the unit I am looking from, the demo banner."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from tongket.core import scopes
from tongket.core.selectors import notifications_unread_count
from tongket.org import policy
from tongket.org.policy import Action

# (url name, label, icon, section key, roles that see it; None = everyone signed in)
NAV: list[tuple[str, Any, str, str, tuple[str, ...] | None]] = [
    ("ui:home", _("Overview"), "speedometer2", "home", None),
    ("ui:resolution_list", _("Resolutions"), "journal-text", "resolutions", None),
    ("ui:report_due", _("Periodic reports"), "clipboard-data", "reporting", None),
    ("ui:dashboard", _("Dashboards"), "bar-chart-line", "dashboards", None),
    ("ui:analysis", _("Analysis"), "table", "analysis", None),
    ("ui:analysis_exchange", _("Data exchange (DHIS2)"), "arrow-left-right", "exchange", None),
    ("ui:campaign_list", _("Reviews"), "clipboard-check", "reviews", None),
    ("ui:meeting_list", _("Conferences"), "calendar-event", "meetings", None),
    (
        "ui:intake",
        _("Intake from a text"),
        "file-earmark-text",
        "intake",
        policy.roles(Action.TAKE_IN_TEXTS),
    ),
    ("ui:unit_tree", _("Units and people"), "diagram-3", "org", None),
    ("ui:person_list", _("People"), "people", "people", None),
    ("ui:group_list", _("Bodies"), "diagram-2", "groups", None),
    ("ui:nomination_list", _("Commendations"), "award", "awards", None),
    ("ui:user_list", _("Administration"), "gear", "admin", policy.roles(Action.MANAGE_USERS)),
]


# First word of a page's URL name → the navigation section it belongs to.
SECTIONS = {
    "home": "home",
    "unit": "org",
    "person": "people",
    "position": "people",
    "group": "groups",
    "user": "admin",
    "grant": "admin",
    "resolution": "resolutions",
    "indicator": "resolutions",
    "target": "resolutions",
    "item": "resolutions",
    "assignment": "resolutions",
    "report": "reporting",
    "form": "reporting",
    "period": "reporting",
    "values": "reporting",
    "dashboard": "dashboards",
    "analysis": "analysis",
    "campaign": "reviews",
    "milestone": "reviews",
    "outline": "reviews",
    "review": "reviews",
    "document": "reviews",
    "comment": "reviews",
    "meeting": "meetings",
    "intake": "intake",
    "conclusion": "meetings",
    "task": "meetings",
    "award": "awards",
    "quota": "awards",
    "nomination": "awards",
    "decision": "awards",
}


def layout(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"demo_banner": settings.DEMO_BANNER}
    section = getattr(request, "nav_section", None)
    match = getattr(request, "resolver_match", None)
    if section is None and match is not None:
        section = SECTIONS.get((match.url_name or "").split("_")[0], "")
    nav = []
    for url_name, label, icon, key, roles in NAV:
        if (
            roles is not None
            and not scopes.is_unrestricted(user)
            and not scopes.scope_paths(user, roles)
        ):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:  # a section whose pages are not installed
            continue
        nav.append({"url": url, "label": label, "icon": icon, "active": key == section})
    from tongket.org.selectors import unit_roots
    from tongket.ui.views.base import active_unit

    return {
        "nav": nav,
        "active_unit": active_unit(request),
        "switch_units": unit_roots(user=user),
        "my_grants": scopes.grants(user),
        "demo_banner": settings.DEMO_BANNER,
        "unread_notifications": notifications_unread_count(user=user),
    }
