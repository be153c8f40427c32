"""Vietnamese text keys: NFC input, accent-free search, Vietnamese collation."""

import random
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tongket.core.text import normalize, person_sort_key, search_key, sort_key


def test_normalize_turns_decomposed_input_into_nfc_and_keeps_tone_placement():
    decomposed = unicodedata.normalize("NFD", "Quân ủy  Trung   ương ")
    assert normalize(decomposed) == "Quân ủy Trung ương"
    # "uỷ" and "ủy" are different spellings, even in NFC: keep what was typed.
    assert normalize("Ủy ban") != normalize("Uỷ ban")


def test_search_key_ignores_case_and_diacritics_and_maps_d_stroke():
    assert search_key("Quân khu 2") == "quan khu 2"
    assert search_key("ĐUQSTW") == "duqstw"
    assert search_key("Uỷ ban") == search_key("Ủy ban") == "uy ban"


def test_sort_key_orders_the_vietnamese_alphabet_then_tones():
    expected = ["A", "Ă", "Â", "B", "D", "Đ", "E", "Ê", "O", "Ô", "Ơ", "U", "Ư"]
    shuffled = expected[:]
    random.Random(1).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == expected
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(reversed(tones), key=sort_key) == tones


def test_sort_key_compares_letters_before_tones_and_numbers_by_value():
    assert sort_key("bà") < sort_key("bác")  # the base letters decide first
    assert sort_key("Quân khu 2") < sort_key("Quân khu 10")
    assert sort_key("Đà Nẵng") > sort_key("Dung")  # Đ comes after D


def test_people_sort_by_given_name_first():
    names = ["Trần Văn B", "Nguyễn Văn A", "Lê Thị Ánh"]
    assert sorted(names, key=person_sort_key) == ["Nguyễn Văn A", "Lê Thị Ánh", "Trần Văn B"]


@given(st.text(max_size=40))
def test_sort_key_is_plain_ascii_alphanumerics(value):
    key = sort_key(value)
    assert all(ch in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" for ch in key)


@given(st.text(max_size=40))
def test_search_key_is_idempotent(value):
    assert search_key(search_key(value)) == search_key(value)


@pytest.mark.django_db
def test_database_orders_units_like_python(units):
    """The key must sort the same under the database's collation (PostgreSQL included)."""
    from tongket.org.models import Unit

    in_db = list(Unit.objects.order_by("sort_key", "pk").values_list("name", flat=True))
    assert in_db == sorted(in_db, key=sort_key)
