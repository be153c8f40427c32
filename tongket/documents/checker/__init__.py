"""The format checker: opens a rendered DOCX and checks it against its format profile and
against what the document says it is (kind, issuer, date, classification).

`check_docx` checks bytes; `check_document` renders a document (or an unsaved draft with its
content) and checks it; `expectation_for` says what a document must show. The management
command `check_documents` runs it over every document the system holds and every document
it can draft from the records (`documents.catalogue`); tests use `assert_document_passes`.
"""

from __future__ import annotations

from typing import Any

from tongket.documents import heading
from tongket.documents.checker.reading import read
from tongket.documents.checker.rules import Checks, Expectation, Failure
from tongket.documents.choices import (
    CLASSIFICATION_MARKS,
    DECISION_KINDS,
    MINUTES_KINDS,
)
from tongket.documents.profiles import rule
from tongket.documents.rendering.renderer import document_mark
from tongket.documents.writing import COLLECTIVE_KINDS

__all__ = [
    "Expectation",
    "Failure",
    "assert_document_passes",
    "check_document",
    "check_docx",
    "check_stored",
    "expectation_for",
]


def expectation_for(document: Any, content: list[dict[str, Any]] | None = None) -> Expectation:
    """What the document must show, from its own fields and its issuer's lines on its date."""
    from tongket.org.choices import Line

    style = document.profile.style
    day = document.issued_on or document.dated_on
    issuer = document.issuer
    marks = rule(document.profile.rules, "classification.marks") or CLASSIFICATION_MARKS
    upper = heading.upper_body(issuer, style=style, on=day)
    wrong = set()
    led = issuer.led_unit
    if led is not None:
        wrong.add(led.name)
    if upper is not None:
        in_party = upper.home_line == Line.PARTY
        if (style == "party") != in_party:
            wrong.add(heading.upper_line(issuer, style=style, on=day))
    bodies = {
        heading.issuer_line(issuer, style=style, on=day).upper(),
        heading.issuer_name(issuer, on=day).upper(),
    }
    signers = [block for block in content or [] if block.get("signers")]
    return Expectation(
        title=document.title.upper() if document.title else "",
        type_code=document.type_code,
        issuer_code=document.issuer_code or "",
        upper_line=heading.upper_line(issuer, style=style, on=day),
        issuer_line=heading.issuer_line(issuer, style=style, on=day),
        day=day,
        classification_mark=marks.get(document_mark(document), ""),
        decision=document.kind in DECISION_KINDS,
        minutes=document.kind in MINUTES_KINDS,
        collective_issuer=issuer.kind in COLLECTIVE_KINDS and not signers,
        on_behalf_bodies=bodies,
        wrong_upper_lines=wrong,
        # A committee never submits to the body it leads.
        wrong_addressees={led.name} if led is not None else set(),
    )


def check_docx(
    data: bytes, *, rules: dict[str, Any], style: str, expect: Expectation
) -> list[Failure]:
    return Checks(read(data), rules, style, expect).run()


def check_document(
    document: Any, content: list[dict[str, Any]] | None = None
) -> tuple[bytes, list[Failure]]:
    """Render the document (its current draft unless `content` is given) and check it."""
    from tongket.documents.rendering import render_docx

    if content is None:
        from tongket.documents.services import current_version

        content = current_version(document).content
    data = render_docx(document, content)
    expect = expectation_for(document, content)
    return data, check_docx(
        data, rules=document.profile.rules, style=document.profile.style, expect=expect
    )


def check_stored(document: Any) -> tuple[bytes, list[Failure]] | None:
    """Check the Word file an issued document was issued with, as it is served (the stored
    file, its classification stamp brought up to date), against the draft it was issued
    from; None when the document has no stored file."""
    from tongket.documents.files import docx_of
    from tongket.documents.models import IssuedFile

    stored = IssuedFile.objects.filter(document=document).only("draft").first()
    if stored is None:
        return None
    version = document.versions.filter(number=stored.draft).first()
    if version is None:
        return None
    data = docx_of(document, version)
    expect = expectation_for(document, version.content)
    return data, check_docx(
        data, rules=document.profile.rules, style=document.profile.style, expect=expect
    )


def assert_document_passes(document: Any, content: list[dict[str, Any]] | None = None) -> bytes:
    """For tests: the document renders and passes every rule (the failures are listed)."""
    data, failures = check_document(document, content)
    assert not failures, f"{document.get_kind_display()} {document.subject[:60]!r}:\n" + "\n".join(
        f"  {failure}" for failure in failures
    )
    return data
