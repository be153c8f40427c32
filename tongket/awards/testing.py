"""Objects of a branch for the tests that walk every page and endpoint (see
tongket.core.testing.branches): finders for the first words award, quota, nomination and
decision, for the full name campaign_awards, and for a dossier file (`dossier_pk`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile

from tongket.awards.models import AwardDecision, AwardForm, Nomination, NominationFile, Quota
from tongket.core.scopes import SYSTEM
from tongket.core.testing.branches import finder, param
from tongket.org.models import Unit, User


def _nomination(root: Unit) -> Nomination:
    """A nomination proposed and decided inside the branch (made through the services when
    the demo has none)."""
    found = (
        Nomination.objects.filter(
            proposing_unit__path__startswith=root.path, decider__path__startswith=root.path
        )
        .order_by("pk")
        .first()
    )
    if found is not None:
        return found
    from tongket.awards import services

    nominee = Unit.objects.filter(path__startswith=root.path).exclude(pk=root.pk).first() or root
    return services.nomination_create(
        by=SYSTEM,
        proposing_unit=root,
        form=AwardForm.objects.get(code="GK"),
        year=2020,
        nominee_unit=nominee,
        achievement="Kiểm tra phạm vi.",
    )


@finder("nomination", "award")
def _nomination_pk(root: Unit, user: User) -> Any:
    return _nomination(root).pk


@finder("decision")
def _decision(root: Unit, user: User) -> Any:
    found = (
        AwardDecision.objects.filter(issuer__path__startswith=root.path)
        .values_list("pk", flat=True)
        .first()
    )
    if found is not None:
        return found
    from tongket.awards import services

    nomination = _nomination(root)
    services.nomination_submit(by=SYSTEM, nomination=nomination)
    services.nomination_council_review(by=SYSTEM, nomination=nomination, votes_for=5, votes_total=5)
    services.nomination_approve(by=SYSTEM, nomination=nomination)
    return services.decision_issue(
        by=SYSTEM,
        issuer=nomination.decider,
        form=nomination.form,
        nominations=[Nomination.objects.get(pk=nomination.pk)],
    ).pk


@finder("quota")
def _quota(root: Unit, user: User) -> Any:
    found = Quota.objects.filter(unit__path__startswith=root.path).values_list("pk", flat=True)
    if found.first() is not None:
        return found.first()
    from tongket.awards import services

    return services.quota_set(by=SYSTEM, unit=root, year=2020, basis="count", value=Decimal(10)).pk


@finder("campaign_awards")
def _campaign(root: Unit, user: User) -> Any:
    """A review campaign kept by the branch."""
    from tongket.reviews.models import ReviewCampaign

    return (
        ReviewCampaign.objects.filter(owner_unit__path__startswith=root.path)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


@param("dossier_pk")
def _file(root: Unit, user: User) -> Any:
    nomination = _nomination(root)
    stored = NominationFile.objects.filter(nomination=nomination).first()
    if stored is None:
        stored = NominationFile(
            nomination=nomination,
            kind="evidence",
            name="minh-chung.pdf",
            content_type="application/pdf",
            size=9,
        )
        stored.file.save("minh-chung.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        stored.save()
    return stored.pk
