"""What the commendation page tests share: district commands not awarded in the demo, and
nominations made, approved or given a dossier file through the services."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tongket.awards import services
from tongket.org.models import Unit


def fresh_districts() -> list[Unit]:
    """District commands of QK2 not awarded in the demo (the demo took the first eight)."""
    return list(Unit.objects.filter(code__regex=r"^BCHQS-[A-Z]+-H[0-9]$").order_by("-code"))


def make(officer, form, unit=None, person=None, year=2024, **kwargs):  # type: ignore[no-untyped-def]
    return services.nomination_create(
        by=officer,
        proposing_unit=Unit.objects.get(code="QK2"),
        form=form,
        year=year,
        nominee_unit=unit,
        nominee_person=person,
        **kwargs,
    )


def approved(officer, form, unit, year=2024):  # type: ignore[no-untyped-def]
    nomination = make(officer, form, unit=unit, year=year)
    services.nomination_submit(by=officer, nomination=nomination)
    services.nomination_council_review(
        by=officer, nomination=nomination, votes_for=7, votes_total=9
    )
    return services.nomination_approve(by=officer, nomination=nomination)


def pdf(name: str = "to-trinh.pdf", size: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * size, content_type="application/pdf")
