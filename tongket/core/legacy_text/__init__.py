"""Vietnamese text typed in the pre-Unicode encodings, detected and converted to Unicode NFC.

Old Word and Excel files were typed with font-based encodings: TCVN3 (ABC, the .VnTime
fonts), VNI (VNI-Times) and VISCII. Opened today, their letters arrive as Latin-1 look-alikes
("Qu©n khu" for "Quân khu" in TCVN3, "Quaân khu" in VNI). Nobody tells us which one a file
used, so `detect` tries each table (`tables`) and keeps the one whose output reads as
Vietnamese syllables (`syllables`); `to_unicode` converts a text (paragraph by paragraph, since
one document can mix fonts) and says what it converted (`conversion`).
"""

from tongket.core.legacy_text.conversion import (
    Conversion,
    convert_texts,
    decode_bytes,
    describe_counts,
    detect,
    may_hold_legacy,
    to_unicode,
)
from tongket.core.legacy_text.syllables import COMMON, readability
from tongket.core.legacy_text.tables import (
    DECODERS,
    NAMES,
    TCVN3,
    TCVN3_TABLE,
    VISCII,
    VISCII_TABLE,
    VNI,
    decode_tcvn3,
    decode_viscii,
    decode_vni,
    encode_legacy,
)

__all__ = [
    "COMMON",
    "DECODERS",
    "NAMES",
    "TCVN3",
    "TCVN3_TABLE",
    "VISCII",
    "VISCII_TABLE",
    "VNI",
    "Conversion",
    "convert_texts",
    "decode_bytes",
    "decode_tcvn3",
    "decode_viscii",
    "decode_vni",
    "describe_counts",
    "detect",
    "encode_legacy",
    "may_hold_legacy",
    "readability",
    "to_unicode",
]
