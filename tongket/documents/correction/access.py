"""Who corrects a document: a review's dossier document through the campaign's drafting team
(`tongket.reviews.services`); any other by its kind (`CORRECTORS`, through `org.policy`): the
host of the meeting for minutes, notices and invitations, the deciding or proposing unit for
award documents, the unit writing its review report. And the version a correction was made
against, refused once stale.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import Conflict, DomainError
from tongket.documents import services
from tongket.documents.choices import DocumentKind
from tongket.documents.models import Document
from tongket.org.policy import Action, roles

# Who corrects a document that belongs to no review campaign, by its kind.
CORRECTORS: dict[str, Action] = {
    DocumentKind.MINUTES: Action.HOST_MEETINGS,
    DocumentKind.CONCLUSION_NOTICE: Action.HOST_MEETINGS,
    DocumentKind.INVITATION: Action.HOST_MEETINGS,
    DocumentKind.AWARD_DECISION: Action.DECIDE_AWARDS,
    DocumentKind.AWARD_PROPOSAL: Action.PROPOSE_AWARDS,
    DocumentKind.UNIT_REVIEW_REPORT: Action.FILL_REVIEW_REPORTS,
    DocumentKind.REVIEW_REPORT: Action.KEEP_REVIEWS,
    DocumentKind.SUBMISSION: Action.KEEP_REVIEWS,
    DocumentKind.DRAFT_RESOLUTION: Action.KEEP_REVIEWS,
    DocumentKind.DIRECTIVE: Action.KEEP_REVIEWS,
    DocumentKind.CONCLUSION: Action.KEEP_REVIEWS,
    DocumentKind.PLAN: Action.KEEP_REVIEWS,
    DocumentKind.COORDINATION_PROGRAMME: Action.KEEP_RESOLUTIONS,
    DocumentKind.REPORT: Action.KEEP_RESOLUTIONS,
    DocumentKind.OTHER: Action.KEEP_RESOLUTIONS,
}


def in_campaign(document: Document) -> bool:
    """True for a document of a review's dossier (corrected through the campaign)."""
    return hasattr(document, "campaign_link")


def may_correct(user: Any, document: Document) -> bool:
    """Whether `user` may correct this document outside a campaign."""
    action = CORRECTORS.get(document.kind, Action.KEEP_RESOLUTIONS)
    return not document.is_issued and scopes.covers(user, document.issuer, roles(action))


def require_corrector(user: Any, document: Document) -> None:
    if in_campaign(document):
        raise PermissionDenied(
            _("A draft of a review's dossier is corrected by the campaign's drafting team.")
        )
    action = CORRECTORS.get(document.kind, Action.KEEP_RESOLUTIONS)
    scopes.require_role(user, document.issuer, roles(action), _("correct this document"))
    services.require_draft(document)


def require_version(document: Document, version: Any) -> None:
    if version in (None, ""):
        raise DomainError(
            _("The document's version is missing: reload the page and try again."),
            field="version",
        )
    if int(version) != document.version:
        raise Conflict(
            _(
                "Someone else changed this document while you were editing. Reload the page "
                "to see it, then make your change again."
            ),
            current_version=document.version,
        )
