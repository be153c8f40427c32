"""Correcting a document as people do: its frame (the two header lines, place, date, signer
with TM./KT./Q., recipients), its text section by section, and the Word file a person edited
and uploads back as a new draft (its text kept, its changes shown by the diff).

A document of a review's dossier is corrected by the campaign's drafting team
(`tongket.reviews.services`); any other document by whoever may make it: the host of the
meeting for minutes, notices and invitations, the deciding or proposing unit for award
documents, the unit writing its review report (`CORRECTORS`, through `org.policy`).

Reading an edited file back: the draft the file was made from is rendered again with each
body paragraph tagged by its block and role (`Renderer.owned`); the file's paragraphs are
aligned with those (difflib), so that a changed, added or removed paragraph falls to the
section it sits in. The frame printed in the file (header, title, signature, recipients)
and the generated tables and charts are not taken from the file: what differs there is
named in `Upload.ignored`, to be corrected on the frame form.
"""

from tongket.documents.correction.access import (
    CORRECTORS,
    in_campaign,
    may_correct,
    require_corrector,
    require_version,
)
from tongket.documents.correction.frame import (
    FRAME_FIELDS,
    frame_apply,
    frame_correct,
    issued_apply,
    record_issued,
)
from tongket.documents.correction.text import block_text, editable, section_replace, text_correct
from tongket.documents.correction.word_file import (
    MIN_LIKENESS,
    Upload,
    read_upload,
    upload_save,
)

__all__ = [
    "CORRECTORS",
    "FRAME_FIELDS",
    "MIN_LIKENESS",
    "Upload",
    "block_text",
    "editable",
    "frame_apply",
    "frame_correct",
    "in_campaign",
    "issued_apply",
    "may_correct",
    "read_upload",
    "record_issued",
    "require_corrector",
    "require_version",
    "section_replace",
    "text_correct",
    "upload_save",
]
