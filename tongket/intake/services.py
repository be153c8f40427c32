"""The intake: a pasted text or an uploaded file read into facts (`intake_read`, writes
nothing), and the facts the officer checked turned into records (`intake_apply`, in
`tongket.intake.applying`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core.errors import DomainError
from tongket.core.legacy_text import NAMES, Conversion, to_unicode
from tongket.intake.extraction import file_text
from tongket.intake.reading import read
from tongket.intake.selectors import facts_for, registry_load

MAX_CHARACTERS = 200_000


def intake_read(
    *,
    by: Any,
    text: str = "",
    upload: Any = None,
    published: datetime.date | None = None,
) -> dict[str, Any]:
    """The facts of a text or of an uploaded file, matched against the whole registry.

    Any signed-in user may call it: it writes nothing and shows of the registry only what
    the caller may see (`selectors.facts_for`). Legacy encodings are converted first and the
    answer says so ("conversion")."""
    value, conversion = text_in(text=text, upload=upload)
    facts = read(
        value, published=published, registry=registry_load(), reference=timezone.localdate()
    )
    facts["conversion"] = conversion_summary(conversion)
    return facts_for(user=by, facts=facts)


def text_in(*, text: str = "", upload: Any = None) -> tuple[str, Conversion]:
    """The text of an upload (it wins) or of a pasted text, legacy encodings converted to
    Unicode NFC, and what was converted. Writes nothing; DomainError naming "text" or
    "file" for no text or a text too long to read at once."""
    if upload is not None:
        value, conversion = file_text(upload)
    elif text and text.strip():
        conversion = to_unicode(text)
        value = conversion.text
    else:
        raise DomainError(_("Paste a text or choose a file."), field="text")
    if len(value) > MAX_CHARACTERS:
        raise DomainError(
            _("The text is longer than %(limit)s characters: split it.")
            % {"limit": MAX_CHARACTERS},
            field="text" if upload is None else "file",
        )
    if not value.strip():
        raise DomainError(_("The file holds no text."), field="file")
    return value, conversion


def conversion_summary(conversion: Conversion) -> dict[str, Any]:
    """What was converted from legacy encodings, with a message for the person."""
    message = ""
    if conversion.converted:
        message = _("%(count)s paragraph(s) typed in %(encodings)s were converted to Unicode.") % {
            "count": conversion.paragraphs,
            "encodings": conversion.describe(),
        }
    return {
        "encodings": list(conversion.encodings),
        "names": [NAMES[name] for name in conversion.encodings],
        "paragraphs": conversion.paragraphs,
        "message": message,
    }
