"""The three legacy encodings (TCVN3, VNI, VISCII): their tables, a decoder for each, and the
encoder tests use to type Unicode text the old way.

TCVN3 has no upper-case toned vowels: capitals came from a second font (.VnTimeH) using the
lower-case codes. A converted letter is therefore upper-cased when the rest of its word is
upper-case ASCII ("NGHÞ QUYÕT" → "NGHỊ QUYẾT").
"""

from __future__ import annotations

import re
import unicodedata

from tongket.core.legacy_text.syllables import TONE_MARKS

TCVN3 = "tcvn3"
VNI = "vni"
VISCII = "viscii"

# TCVN3 (TCVN 5712:1993, the "ABC" fonts): one byte per letter.
_TCVN3_PAIRS = (
    "¡Ă ¢Â £Ê ¤Ô ¥Ơ ¦Ư §Đ ¨ă ©â ªê «ô ¬ơ \u00adư ®đ "
    "µà ¶ả ·ã ¸á ¹ạ »ằ ¼ẳ ½ẵ ¾ắ Æặ Çầ Èẩ Éẫ Êấ Ëậ "
    "Ìè Îẻ Ïẽ Ðé Ñẹ Òề Óể Ôễ Õế Öệ ×ì Øỉ Üĩ Ýí Þị "
    "ßò áỏ âõ ãó äọ åồ æổ çỗ èố éộ êờ ëở ìỡ íớ îợ "
    "ïù ñủ òũ óú ôụ õừ öử ÷ữ øứ ùự úỳ ûỷ üỹ ýý þỵ"
)
TCVN3_TABLE: dict[str, str] = {pair[0]: pair[1] for pair in _TCVN3_PAIRS.split(" ")}

# VISCII (RFC 1456): one byte per letter, upper case in the C0 and 0x80-0x9F ranges.
_VISCII_HIGH = (
    # 0x80-0x9F
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲ"
    # 0xA0-0xBF
    "ÕắằặấầẩậẽẹếềểễệốồổỗỠƠộờởịỰỨỪỬơớƯ"
    # 0xC0-0xDF
    "ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳĐứÒÓÔạỷừửÙÚỹỵÝỡư"
    # 0xE0-0xFF
    "àáâãảăữẫèéêẻìíĩỉđựòóôõỏọụùúũủýợỮ"
)
VISCII_TABLE: dict[str, str] = {
    chr(0x80 + index): letter
    for index, letter in enumerate(_VISCII_HIGH)
    if chr(0x80 + index) != letter
}
VISCII_TABLE.update({"\x02": "Ẳ", "\x05": "Ẵ", "\x06": "Ẫ", "\x14": "Ỷ", "\x19": "Ỹ", "\x1e": "Ỵ"})

# VNI (VNI-Windows): a base letter followed by a mark character; a few letters are one byte.
_VNI_SINGLE = {
    "ô": "ơ",
    "Ô": "Ơ",
    "ö": "ư",
    "Ö": "Ư",
    "ñ": "đ",
    "Ñ": "Đ",
    "í": "í",
    "ì": "ì",
    "æ": "ỉ",
    "ó": "ĩ",
    "ò": "ị",
    "Í": "Í",
    "Ì": "Ì",
    "Æ": "Ỉ",
    "Ó": "Ĩ",
    "Ò": "Ị",
    "î": "ỵ",
    "Î": "Ỵ",
}
# Mark characters after a vowel: (shape mark, tone mark) as combining characters.
_VNI_MARKS = {
    "ù": ("", "\u0301"),
    "ø": ("", "\u0300"),
    "û": ("", "\u0309"),
    "õ": ("", "\u0303"),
    "ï": ("", "\u0323"),
    "â": ("\u0302", ""),
    "á": ("\u0302", "\u0301"),
    "à": ("\u0302", "\u0300"),
    "å": ("\u0302", "\u0309"),
    "ã": ("\u0302", "\u0303"),
    "ä": ("\u0302", "\u0323"),
    "ê": ("\u0306", ""),
    "é": ("\u0306", "\u0301"),
    "è": ("\u0306", "\u0300"),
    "ú": ("\u0306", "\u0309"),
    "ü": ("\u0306", "\u0303"),
    "ë": ("\u0306", "\u0323"),
}
_VNI_MARKS.update({key.upper(): value for key, value in list(_VNI_MARKS.items())})
_VNI_VOWEL_BASES = {"a", "e", "o", "u", "y", "ơ", "ư"}  # ơ/ư: after their own conversion
_VNI_PATTERN = re.compile(
    "([aeouyAEOUYôöÔÖ])([" + re.escape("".join(_VNI_MARKS)) + "])|([" + "".join(_VNI_SINGLE) + "])"
)


# Windows-1252 puts printable characters in 0x80-0x9F; text read through it must be put back
# to its bytes before the VISCII table applies.
_CP1252_BACK = {
    chr(byte).encode("latin-1").decode("cp1252", errors="ignore") or chr(byte): chr(byte)
    for byte in range(0x80, 0xA0)
}
_CP1252_BACK = {key: value for key, value in _CP1252_BACK.items() if key != value}

NAMES = {TCVN3: "TCVN3 (ABC)", VNI: "VNI", VISCII: "VISCII"}


def _upper_if_word_is_upper(converted: str) -> str:
    """TCVN3 capitals: upper-case the converted letters of an upper-case word. A word with a
    single ASCII capital ("Tư") is upper-cased only inside an upper-case line."""
    lines = []
    for line in converted.split("\n"):
        ascii_letters = [ch for ch in line if "a" <= ch.lower() <= "z"]
        # A line of capitals has a few letters to tell: "Kú" alone is "Kỳ", not "KỲ".
        upper_line = len(ascii_letters) >= 4 and sum(
            ch.isupper() for ch in ascii_letters
        ) >= 0.8 * len(ascii_letters)
        words = []
        for word in re.split(r"([\s;,|/()\[\]\"]+)", line):
            capitals = sum(ch.isupper() for ch in word)
            small_ascii = any("a" <= ch <= "z" for ch in word)
            if capitals and not small_ascii and (capitals > 1 or upper_line):
                word = word.upper()
            words.append(word)
        lines.append("".join(words))
    return "\n".join(lines)


def decode_tcvn3(text: str) -> str:
    converted = "".join(TCVN3_TABLE.get(ch, ch) for ch in text)
    if any("A" <= ch <= "Z" for ch in text):
        converted = _upper_if_word_is_upper(converted)
    return unicodedata.normalize("NFC", converted)


def decode_viscii(text: str) -> str:
    restored = "".join(_CP1252_BACK.get(ch, ch) for ch in text)
    return unicodedata.normalize("NFC", "".join(VISCII_TABLE.get(ch, ch) for ch in restored))


def _vni_replace(match: re.Match[str]) -> str:
    base, mark, single = match.group(1), match.group(2), match.group(3)
    if single:
        return _VNI_SINGLE[single]
    base = _VNI_SINGLE.get(base, base)
    shape, tone = _VNI_MARKS[mark]
    if shape and base.lower() not in {"a", "e", "o"}:
        # ê after u/y means nothing in VNI; keep the characters as they are.
        return match.group(0)
    if shape == "\u0306" and base.lower() != "a":
        return match.group(0)
    return unicodedata.normalize("NFC", base + shape + tone)


def decode_vni(text: str) -> str:
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(_vni_replace, text))


DECODERS = {TCVN3: decode_tcvn3, VNI: decode_vni, VISCII: decode_viscii}


def encode_legacy(text: str, encoding: str) -> str:
    """Unicode text as it looks when typed in a legacy encoding (for tests and fixtures)."""
    text = unicodedata.normalize("NFC", text)
    if encoding == TCVN3:
        back = {value: key for key, value in TCVN3_TABLE.items()}
        out = []
        for ch in text:
            if ch in back:
                out.append(back[ch])
            elif ch.lower() in back and ch.isupper():
                out.append(back[ch.lower()])  # the .VnTimeH font convention
            else:
                out.append(ch)
        return "".join(out)
    if encoding == VISCII:
        back = {value: key for key, value in VISCII_TABLE.items()}
        return "".join(back.get(ch, ch) for ch in text)
    if encoding == VNI:
        singles = {value: key for key, value in _VNI_SINGLE.items() if key != value}
        marks = {value: key for key, value in _VNI_MARKS.items() if key.islower()}
        out = []
        for ch in text:
            if ch in singles:
                out.append(singles[ch])
                continue
            decomposed = unicodedata.normalize("NFD", ch)
            base, rest = decomposed[0], decomposed[1:]
            if not rest or base.lower() not in {"a", "e", "o", "u", "y", "i"}:
                out.append(ch)
                continue
            shape = "".join(m for m in rest if m in {"\u0302", "\u0306", "\u031b"})
            tone = "".join(m for m in rest if m in TONE_MARKS)
            if base.lower() == "i" or (base.lower() == "y" and tone == "\u0323"):
                out.append(singles.get(ch, ch))
                continue
            if shape == "\u031b":
                base = "ơ" if base.lower() == "o" else "ư"
                base = base.upper() if decomposed[0].isupper() else base
                base = singles[base]
                shape = ""
            mark = marks.get((shape, tone))
            if mark is None:
                out.append(ch)
                continue
            out.append(base + (mark.upper() if decomposed[0].isupper() else mark))
        return "".join(out)
    raise ValueError(encoding)
