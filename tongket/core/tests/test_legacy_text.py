"""Legacy Vietnamese encodings (TCVN3, VNI, VISCII): detected, converted to Unicode NFC."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongket.core.legacy_text import (
    TCVN3,
    VISCII,
    VNI,
    convert_texts,
    decode_bytes,
    detect,
    encode_legacy,
    to_unicode,
)

SENTENCE = (
    "Chiều ngày 21/10/2021, Ban Chỉ đạo tổng kết Nghị quyết 520 họp phiên thứ nhất; "
    "Thượng tướng Nguyễn Văn A, Thứ trưởng Bộ Quốc phòng chủ trì. Đảng ủy Quân khu "
    "tặng Bằng khen cho 26 tập thể và 28 cá nhân, hướng dẫn các đơn vị thực hiện nghiêm."
)
VIETNAMESE_WORDS = [
    "quân",
    "khu",
    "nghị",
    "quyết",
    "thượng",
    "tướng",
    "đảng",
    "ủy",
    "hậu",
    "cần",
    "huấn",
    "luyện",
    "trực",
    "tuyến",
    "điểm",
    "cầu",
    "được",
    "những",
    "người",
    "thưởng",
    "khen",
    "bằng",
    "chỉ",
    "thị",
    "tổng",
    "kết",
    "sơ",
    "ước",
    "mười",
    "nhiệm",
    "kỳ",
    "giữa",
    "ở",
]


@pytest.mark.parametrize("encoding", [TCVN3, VNI, VISCII])
def test_a_sentence_typed_in_a_legacy_encoding_is_detected_and_converted_back(encoding):
    # Given a sentence as it arrives from an old file typed in that encoding
    legacy = encode_legacy(SENTENCE, encoding)
    assert legacy != SENTENCE
    # When it is converted
    conversion = to_unicode(legacy)
    # Then the encoding is named and the text is the original, in NFC
    assert conversion.encodings == (encoding,)
    assert conversion.text == SENTENCE
    assert unicodedata.is_normalized("NFC", conversion.text)


def test_unicode_text_and_plain_ascii_are_left_alone():
    assert to_unicode(SENTENCE).encodings == ()
    assert to_unicode(SENTENCE).text == SENTENCE
    assert detect("Report 2022, BQP, QK2") is None
    # Latin-1 words that are not Vietnamese syllables in any legacy reading stay as typed.
    assert detect("café crème") is None


def test_decomposed_unicode_is_returned_in_nfc_without_conversion():
    decomposed = unicodedata.normalize("NFD", SENTENCE)
    conversion = to_unicode(decomposed)
    assert conversion.encodings == ()
    assert conversion.text == SENTENCE


def test_tcvn3_capitals_from_the_vntimeh_font_come_back_upper_case():
    # .VnTimeH capitals reuse the lower-case codes: "NGHỊ QUYẾT" is typed "NGHÞ QUYÕT".
    assert to_unicode(encode_legacy("NGHỊ QUYẾT VỀ CÔNG TÁC HẬU CẦN", TCVN3)).text == (
        "NGHỊ QUYẾT VỀ CÔNG TÁC HẬU CẦN"
    )


def test_a_document_mixing_unicode_and_tcvn3_paragraphs_converts_only_the_legacy_ones():
    legacy = encode_legacy("Đảng ủy Quân khu 2 tổng kết Nghị quyết 623.", TCVN3)
    mixed = "Báo cáo của đơn vị.\n" + legacy
    conversion = to_unicode(mixed)
    assert conversion.text == "Báo cáo của đơn vị.\nĐảng ủy Quân khu 2 tổng kết Nghị quyết 623."
    assert conversion.encodings == (TCVN3,)
    assert conversion.paragraphs == 1


def test_bytes_of_a_legacy_text_file_are_read_and_converted():
    # Given a plain-text file saved byte for byte from a VISCII editor
    data = encode_legacy(SENTENCE, VISCII).encode("latin-1")
    # Then it is not UTF-8, and is converted all the same
    conversion = decode_bytes(data)
    assert conversion.encodings == (VISCII,)
    assert conversion.text == SENTENCE
    assert decode_bytes(SENTENCE.encode("utf-8")).text == SENTENCE


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(VIETNAMESE_WORDS), min_size=4, max_size=20),
    st.sampled_from([TCVN3, VNI, VISCII]),
)
def test_any_lower_case_vietnamese_phrase_round_trips(words, encoding):
    phrase = " ".join(words)
    assert to_unicode(encode_legacy(phrase, encoding)).text == phrase


def test_cells_of_one_file_convert_together_and_unicode_cells_stay():
    # Given cells of one TCVN3 sheet, one of them a Unicode cell pasted in later
    typed = [encode_legacy(text, TCVN3) for text in ("Ghi chú", "Kỳ", "Mẫu số")]
    cells = [*typed, "Sư đoàn 316", "", "HC01"]
    converted, counts = convert_texts(cells)
    # Then the legacy cells read as Vietnamese (a lone capital is not a line of capitals)
    assert converted == ["Ghi chú", "Kỳ", "Mẫu số", "Sư đoàn 316", "", "HC01"]
    assert counts == {TCVN3: 3}
    # And a file without legacy text is returned as it was
    assert convert_texts(["Tháng", "café", "Bà Rịa"]) == (["Tháng", "café", "Bà Rịa"], {})
