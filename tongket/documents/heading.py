"""Who a document names in its header and whom it is addressed to: the one place the
documents ask the organisation's lines (`tongket.org.lines`).

- the upper header line is the issuer's superior in the document's line on the document's
  date (a Party document: the superior Party body, "ĐẢNG BỘ TỈNH ĐẮK LẮK"; a State or
  command document: the superior State or command body, never a Party committee);
- the issuer is written under the name it had on that date (a review of 382 dated 2010 is
  issued by "Đảng ủy Quân sự Trung ương", not by today's "Quân ủy Trung ương"), in the short
  form it uses under its upper line when it has one ("ĐẢNG ỦY QUÂN SỰ TỈNH");
- a submission goes to the superior in the same line, never to the body a committee leads;
- the issuer code of a symbol is stored on the document; its first value is the one the
  issuer used last, else the issuer's abbreviation at the date when it is one word, else
  the leading code of the abbreviation ("ĐU" of "ĐU QK2"), never letters glued together.
"""

from __future__ import annotations

import datetime
import re

from tongket.org import lines
from tongket.org.models import Unit

PARTY = "party"


def upper_body(issuer: Unit, *, style: str, on: datetime.date | None) -> Unit | None:
    """The body above the issuer in the document's line on the day, or None at the top."""
    return lines.header_superior(issuer, party_format=style == PARTY, on=on)


def upper_line(issuer: Unit, *, style: str, on: datetime.date | None) -> str:
    """The text of the upper header line (capitals are the renderer's business)."""
    return lines.header_superior_name(issuer, party_format=style == PARTY, on=on)


def issuer_name(issuer: Unit, *, on: datetime.date | None) -> str:
    """The issuer's full name on the day."""
    return lines.name_on(issuer, on=on)


def issuer_line(issuer: Unit, *, style: str, on: datetime.date | None) -> str:
    """How the issuer writes itself in its header on the day: its header form under an upper
    line that already names the place, else its name on the day."""
    name = issuer_name(issuer, on=on)
    if issuer.header_name and name == issuer.name and upper_line(issuer, style=style, on=on):
        return issuer.header_name
    return name


def addressee(issuer: Unit, *, style: str, on: datetime.date | None) -> Unit | None:
    """Whom the issuer submits to (kính gửi, kính trình) in the document's line."""
    return lines.addressee(issuer, party_format=style == PARTY, on=on)


def addressee_name(issuer: Unit, *, style: str, on: datetime.date | None) -> str:
    above = addressee(issuer, style=style, on=on)
    return lines.name_on(above, on=on) if above is not None else ""


_CODE = re.compile(r"^[A-ZĐ0-9]+$")


def issuer_code_default(issuer: Unit, *, on: datetime.date | None) -> str:
    """The first issuer code a new document of `issuer` carries (people correct it on the
    document; the next document takes the corrected one)."""
    from tongket.documents.models import Document

    last = (
        Document.objects.filter(issuer=issuer)
        .exclude(issuer_code="")
        .order_by("-updated_at", "-pk")
        .values_list("issuer_code", flat=True)
        .first()
    )
    if last:
        return last
    abbreviation = issuer.abbreviation
    if on is not None and issuer.pk:
        row = issuer.names.filter(lines.valid_q(on)).order_by("-valid_from").first()
        if row is not None and row.abbreviation:
            abbreviation = row.abbreviation
    abbreviation = (abbreviation or issuer.code).split("/")[0].strip()
    if " " not in abbreviation:
        return abbreviation
    words = abbreviation.split()
    coded = [word for word in words if _CODE.match(word)]
    return coded[0] if coded else words[0]
