import pytest

from tongket.core.errors import DomainError
from tongket.resolutions.symbols import parse_symbol


@pytest.mark.parametrize(
    ("text", "style", "number", "type_code", "issuer", "year"),
    [
        ("382-NQ/ĐUQSTW", "party", 382, "NQ", "ĐUQSTW", None),
        ("Số 127-QĐ/TW", "party", 127, "QĐ", "TW", None),
        ("06-NQ/TW", "party", 6, "NQ", "TW", None),
        ("15/KH-UBND", "state", 15, "KH", "UBND", None),
        ("Số: 30/2020/NĐ-CP", "state", 30, "NĐ", "CP", 2020),
        ("1 /2023/ TT-BQP", "state", 1, "TT", "BQP", 2023),
    ],
)
def test_both_styles_are_read(text, style, number, type_code, issuer, year):
    symbol = parse_symbol(text)
    assert (symbol.style, symbol.number, symbol.type_code, symbol.issuer_code, symbol.year) == (
        style,
        number,
        type_code,
        issuer,
        year,
    )


def test_symbol_is_written_back_as_typed():
    assert parse_symbol("Số 382–NQ/ĐUQSTW").text == "382-NQ/ĐUQSTW"
    assert parse_symbol("30/2020/NĐ-CP").number_line == "Số: 30/2020/NĐ-CP"
    assert parse_symbol("382-NQ/ĐUQSTW").number_line == "Số 382-NQ/ĐUQSTW"
    assert parse_symbol("06-NQ/TW").text == "06-NQ/TW"


@pytest.mark.parametrize("text", ["", "NQ-382", "382/NQ", "abc-NQ/TW", "30/1800/NĐ-CP", "382-/TW"])
def test_malformed_symbols_are_refused_naming_the_field(text):
    with pytest.raises(DomainError) as caught:
        parse_symbol(text)
    assert list(caught.value.error_dict) == ["symbol"]
