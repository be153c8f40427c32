"""Objects of a branch for the tests that walk every page and endpoint (see
tongket.core.testing.branches): one finder per first word of a URL name of this app."""

from __future__ import annotations

from typing import Any

from tongket.core.testing.branches import finder, param
from tongket.org.models import Unit, User
from tongket.resolutions.models import (
    Assignment,
    Indicator,
    Item,
    Resolution,
    ResolutionAttachment,
    ResolutionParty,
    ResolutionRelation,
    Target,
)


def branch_resolution(root: Unit) -> Resolution | None:
    """A resolution kept inside the branch and not issued above it (documents issued above
    reach every branch below)."""
    from tongket.org.models import PATH_SEGMENT

    above = [root.path[:end] for end in range(PATH_SEGMENT, len(root.path), PATH_SEGMENT)]
    return (
        Resolution.objects.filter(owner_unit__path__startswith=root.path)
        .exclude(issuing_unit__path__in=above)
        .order_by("pk")
        .first()
    )


@finder("resolution")
def _resolution(root: Unit, user: User) -> Any:
    found = branch_resolution(root)
    return found.pk if found else None


@finder("item")
def _item(root: Unit, user: User) -> Any:
    resolution = branch_resolution(root)
    if resolution is None:
        return None
    item = resolution.items.first()
    if item is None:
        item = Item.objects.create(
            resolution=resolution, kind="objective", title="Mục tiêu", order=1
        )
    return item.pk


@finder("assignment")
def _assignment(root: Unit, user: User) -> Any:
    """An assignment of the branch's own resolution (its keepers may edit it), led inside
    the branch."""
    resolution = branch_resolution(root)
    if resolution is None:
        return None
    return (
        Assignment.objects.filter(
            item__resolution=resolution, lead_unit__path__startswith=root.path
        )
        .values_list("pk", flat=True)
        .first()
        or Assignment.objects.create(item_id=_item(root, user), lead_unit=root).pk
    )


@finder("indicator")
def _indicator(root: Unit, user: User) -> Any:
    resolution = branch_resolution(root)
    if resolution is None:
        return None
    indicator = resolution.indicators.first() or Indicator.objects.create(
        resolution=resolution, code="T1", name="Thử", order=1
    )
    return indicator.pk


@finder("target")
def _target(root: Unit, user: User) -> Any:
    return (
        Target.objects.filter(unit__path__startswith=root.path, indicator_id=_indicator(root, user))
        .values_list("pk", flat=True)
        .first()
        or Target.objects.create(
            indicator_id=_indicator(root, user), unit=root, year=None, value=1
        ).pk
    )


@param("relation_pk")
def _relation(root: Unit, user: User) -> Any:
    resolution = branch_resolution(root)
    other = Resolution.objects.exclude(pk=resolution.pk).first()
    relation = resolution.relations_out.first() or ResolutionRelation.objects.create(
        source=resolution, target=other, kind="amends"
    )
    return relation.pk


@param("party_pk")
def _party(root: Unit, user: User) -> Any:
    resolution = branch_resolution(root)
    party = resolution.parties.first() or ResolutionParty.objects.create(
        resolution=resolution, unit=root
    )
    return party.pk


@param("file_pk")
def _attachment(root: Unit, user: User) -> Any:
    from django.core.files.base import ContentFile

    resolution = branch_resolution(root)
    attachment = resolution.attachments.first()
    if attachment is None:
        attachment = ResolutionAttachment(
            resolution=resolution, name="van-ban.pdf", content_type="application/pdf", size=9
        )
        attachment.file.save("van-ban.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        attachment.save()
    return attachment.pk
