"""Vietnamese text typed in the pre-Unicode encodings, detected and converted to Unicode NFC.

Old Word and Excel files were typed with font-based encodings: TCVN3 (ABC, the .VnTime
fonts), VNI (VNI-Times) and VISCII. Opened today, their letters arrive as Latin-1 look-alikes
("Qu©n khu" for "Quân khu" in TCVN3, "Quaân khu" in VNI). Nobody tells us which one a file
used, so `detect` tries each table and keeps the one whose output reads as Vietnamese
syllables; `to_unicode` converts a text (paragraph by paragraph, since one document can mix
fonts) and says what it converted.

TCVN3 has no upper-case toned vowels: capitals came from a second font (.VnTimeH) using the
lower-case codes. A converted letter is therefore upper-cased when the rest of its word is
upper-case ASCII ("NGHÞ QUYÕT" → "NGHỊ QUYẾT").
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

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

# A Vietnamese syllable once tone marks are removed (letters with shape marks kept): an
# initial, one of the language's vowel nuclei, a final.
_NUCLEI = [
    "a",
    "ă",
    "â",
    "e",
    "ê",
    "i",
    "o",
    "ô",
    "ơ",
    "u",
    "ư",
    "y",
    "ai",
    "ao",
    "au",
    "ay",
    "âu",
    "ây",
    "eo",
    "êu",
    "ia",
    "iê",
    "iu",
    "oa",
    "oă",
    "oe",
    "oi",
    "ôi",
    "ơi",
    "oo",
    "ua",
    "uâ",
    "uê",
    "ui",
    "uô",
    "uơ",
    "uy",
    "ưa",
    "ưi",
    "ươ",
    "ưu",
    "yê",
    "iêu",
    "oai",
    "oay",
    "oeo",
    "uây",
    "uôi",
    "ươi",
    "ươu",
    "uya",
    "uyê",
    "yêu",
    "uyu",
    "oao",
]
_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"(" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + r")(ng|nh|ch|[cmnpt])?$"
)
# Syllables seen in nearly every text of the domain: reading one is stronger evidence than
# reading a syllable that is merely well formed ("quân" against "quõn").
COMMON = frozenset(
    [
        "an",
        "ba",
        "ban",
        "binh",
        "biên",
        "biểu",
        "bài",
        "bày",
        "báo",
        "bí",
        "bản",
        "bảo",
        "bảy",
        "bằng",
        "bị",
        "bốn",
        "bộ",
        "cao",
        "chiến",
        "chiều",
        "cho",
        "chí",
        "chín",
        "chính",
        "chấp",
        "chất",
        "chế",
        "chỉ",
        "chỉnh",
        "chủ",
        "chủng",
        "chức",
        "chữa",
        "cá",
        "các",
        "cán",
        "cáo",
        "còn",
        "có",
        "công",
        "cùng",
        "cũng",
        "cần",
        "cầu",
        "cố",
        "cục",
        "của",
        "củng",
        "dung",
        "dân",
        "dự",
        "dựng",
        "giai",
        "giao",
        "giá",
        "giám",
        "giải",
        "giấy",
        "giới",
        "góp",
        "gắn",
        "gửi",
        "hai",
        "hay",
        "hiện",
        "hoàn",
        "hoạch",
        "hoặc",
        "huyện",
        "huấn",
        "hà",
        "hành",
        "hình",
        "hơn",
        "hướng",
        "hạn",
        "hải",
        "hậu",
        "học",
        "hồ",
        "hội",
        "khai",
        "khen",
        "khi",
        "khu",
        "khuyết",
        "khí",
        "không",
        "kinh",
        "kiến",
        "kiểm",
        "kế",
        "kết",
        "kỳ",
        "kỹ",
        "luyện",
        "là",
        "làm",
        "lãnh",
        "lên",
        "lượng",
        "lệnh",
        "lữ",
        "lực",
        "mà",
        "máy",
        "mười",
        "mạnh",
        "mọi",
        "một",
        "mới",
        "nam",
        "nay",
        "nghiệm",
        "nghìn",
        "nghị",
        "nguyên",
        "ngày",
        "người",
        "nhiều",
        "nhiệm",
        "nhà",
        "nhân",
        "như",
        "nhất",
        "nhận",
        "những",
        "ninh",
        "này",
        "nâng",
        "nên",
        "năm",
        "nước",
        "nếu",
        "nội",
        "pháp",
        "phát",
        "phòng",
        "phó",
        "phương",
        "phố",
        "phủ",
        "qua",
        "quy",
        "quyết",
        "quán",
        "quân",
        "quả",
        "quốc",
        "ra",
        "rút",
        "rất",
        "sau",
        "sáng",
        "sát",
        "sáu",
        "súng",
        "sĩ",
        "sơ",
        "sư",
        "sản",
        "sức",
        "sửa",
        "sự",
        "theo",
        "thi",
        "thiếu",
        "thu",
        "thuật",
        "thành",
        "tháng",
        "thì",
        "thông",
        "thư",
        "thường",
        "thưởng",
        "thượng",
        "thảo",
        "thẩm",
        "thể",
        "thị",
        "thủ",
        "thực",
        "tiếp",
        "tiểu",
        "toàn",
        "tra",
        "trang",
        "triển",
        "triệt",
        "triệu",
        "trong",
        "trung",
        "trì",
        "trình",
        "trăm",
        "trưa",
        "trước",
        "trường",
        "trị",
        "trực",
        "tuyến",
        "tá",
        "tác",
        "tám",
        "tình",
        "tư",
        "tướng",
        "tại",
        "tấn",
        "tập",
        "tế",
        "tỉnh",
        "tối",
        "tổ",
        "tổng",
        "tục",
        "từ",
        "tỷ",
        "việc",
        "viện",
        "việt",
        "và",
        "vào",
        "vì",
        "văn",
        "vũ",
        "về",
        "vệ",
        "vị",
        "với",
        "vụ",
        "xuất",
        "xuống",
        "xây",
        "xã",
        "yêu",
        "ít",
        "úy",
        "ý",
        "điểm",
        "đoàn",
        "đoạn",
        "đua",
        "đánh",
        "đây",
        "đã",
        "đêm",
        "đó",
        "đơn",
        "được",
        "đại",
        "đạn",
        "đạo",
        "đảng",
        "đất",
        "đẩy",
        "đến",
        "đề",
        "đều",
        "để",
        "định",
        "đồng",
        "đội",
        "ương",
        "ủy",
        "ở",
    ]
)
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_WORD = re.compile(r"[^\s\d.,;:!?()\[\]{}\"'“”‘’/\\|<>=+*&%$#@^~`_–—-]+")
_VIETNAMESE_ONLY = re.compile(r"[ăđơưĂĐƠƯ\u1ea0-\u1ef9\u0128\u0129\u0168\u0169]")
_LEGACY_HINT = re.compile(r"[\u0080-\u00ff\x02\x05\x06\x14\x19\x1e]")
# Windows-1252 puts printable characters in 0x80-0x9F; text read through it must be put back
# to its bytes before the VISCII table applies.
_CP1252_BACK = {
    chr(byte).encode("latin-1").decode("cp1252", errors="ignore") or chr(byte): chr(byte)
    for byte in range(0x80, 0xA0)
}
_CP1252_BACK = {key: value for key, value in _CP1252_BACK.items() if key != value}

NAMES = {TCVN3: "TCVN3 (ABC)", VNI: "VNI", VISCII: "VISCII"}


@dataclass(frozen=True)
class Conversion:
    """What `to_unicode` did: the text, and the encodings it converted (empty: none)."""

    text: str
    encodings: tuple[str, ...] = ()
    paragraphs: int = 0

    @property
    def converted(self) -> bool:
        return bool(self.encodings)

    def describe(self) -> str:
        return ", ".join(NAMES[name] for name in self.encodings)


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


def _is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = 0
    previous = ""
    for ch in decomposed:
        if ch in _TONE_MARKS:
            # A tone sits on a vowel ("ñ" is n with a tilde: no Vietnamese letter).
            if previous not in "aeiouy":
                return False
            tones += 1
        elif not unicodedata.combining(ch):
            previous = ch
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    match = _SYLLABLE.match(bare)
    if not match:
        return False
    initial, nucleus, final = match.group(1), match.group(2), match.group(3)
    if initial == "gi" and nucleus.startswith("i"):
        # "gi" already holds the i: "gìa" is never spelled "giìa" (VNI reads VISCII "giữa" so).
        return False
    # A nucleus that ends in a glide (ao, ai, ưu…) or in ia/ua/ưa takes no final consonant.
    return not (
        final
        and (
            nucleus in ("ia", "ua", "ưa", "uya")
            or (len(nucleus) > 1 and nucleus != "oo" and nucleus[-1] in "iyou")
        )
    )


def readability(text: str) -> int:
    """How Vietnamese a text reads: +1 per word with a non-ASCII letter that is a syllable,
    -2 per such word that is not (or that keeps a non-letter character)."""
    score = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        # "cƠn": a capital after a small letter is no Vietnamese word.
        mixed = any(a.islower() and b.isupper() for a, b in itertools.pairwise(word))
        if not mixed and all(ch.isalpha() for ch in word) and _is_syllable(word):
            score += 2 if word.lower() in COMMON else 1
        else:
            score -= 2
    return score


def detect(text: str) -> str | None:
    """The legacy encoding `text` was typed in, or None when it reads as Unicode already."""
    if not text or not _LEGACY_HINT.search(text):
        return None
    # Unicode Vietnamese letters outside Latin-1 never occur in legacy text.
    if len(_VIETNAMESE_ONLY.findall(text)) > len(_LEGACY_HINT.findall(text)) // 4:
        return None
    # On a tie the earlier table wins: TCVN3 (the national standard of the time) was by far
    # the most used, then VNI, then VISCII.
    best, best_score = None, readability(text)
    for name, decoder in DECODERS.items():
        score = readability(decoder(text))
        if score > best_score:
            best, best_score = name, score
    return best


def to_unicode(text: str) -> Conversion:
    """Convert every paragraph typed in a legacy encoding; NFC throughout."""
    if not text:
        return Conversion(text or "")
    if not _LEGACY_HINT.search(text):
        return Conversion(unicodedata.normalize("NFC", text))
    whole = detect(text)
    parts = re.split(r"(\r?\n)", text)
    out: list[str] = []
    used: list[str] = []
    count = 0
    for part in parts:
        name = detect(part) if part.strip() else None
        if name is None and whole and _LEGACY_HINT.search(part):
            # A short paragraph may not decide alone; the document's encoding does, if it
            # reads at least as well.
            candidate = DECODERS[whole](part)
            if readability(candidate) >= readability(part):
                name = whole
        if name:
            part = DECODERS[name](part)
            count += 1
            if name not in used:
                used.append(name)
        out.append(part)
    return Conversion(unicodedata.normalize("NFC", "".join(out)), tuple(used), count)


def convert_texts(texts: list[str]) -> tuple[list[str], dict[str, int]]:
    """The cells of a sheet or file converted one by one, and how many each legacy encoding
    converted. The encoding the cells read in together decides each cell that reads at least
    as well in it (a header "Ghi chó" is "Ghi chú" in a TCVN3 sheet); a cell with
    Unicode-only Vietnamese letters is never converted."""
    hinted = [
        text
        for text in texts
        if text and _LEGACY_HINT.search(text) and not _VIETNAMESE_ONLY.search(text)
    ]
    if not hinted:
        return texts, {}
    whole = detect("\n".join(hinted))
    out: list[str] = []
    counts: dict[str, int] = {}
    for text in texts:
        if not text or not _LEGACY_HINT.search(text) or _VIETNAMESE_ONLY.search(text):
            out.append(text)
            continue
        # A file is typed with one font: the encoding the cells read in together wins
        # whenever it reads as well as the cell typed; else the cell decides alone.
        name = None
        if whole is not None:
            candidate = DECODERS[whole](text)
            if candidate != text and readability(candidate) >= readability(text):
                name = whole
        if name is None:
            name = detect(text)
        if name is None:
            out.append(text)
            continue
        out.append(DECODERS[name](text))
        counts[name] = counts.get(name, 0) + 1
    return out, counts


def describe_counts(counts: dict[str, int]) -> str:
    """ "TCVN3 (ABC): 12" for the cells each encoding converted."""
    return ", ".join(f"{NAMES[name]}: {count}" for name, count in counts.items())


def decode_bytes(data: bytes) -> Conversion:
    """Bytes of a plain-text file: UTF-8 (with or without BOM) or UTF-16 when they decode,
    else a single-byte legacy encoding read byte for byte and converted."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return to_unicode(data.decode("utf-16"))
    try:
        return to_unicode(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    conversion = to_unicode(data.decode("latin-1"))
    if conversion.converted:
        return conversion
    return to_unicode(data.decode("cp1258", errors="replace"))


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
            tone = "".join(m for m in rest if m in _TONE_MARKS)
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
