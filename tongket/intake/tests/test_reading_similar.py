"""Unit names written with a slip (no diacritics, one letter wrong) still match the registry
(`intake.reading.similar`), with less confidence than an exact name; a different number or
a different place name never does. Pure, no database; texts written for these tests."""

from __future__ import annotations

from tongket.intake.reading import read
from tongket.intake.reading.registry import Registry, UnitEntry
from tongket.intake.reading.similar import close_names, similarity


def unit(pk: int, name: str, code: str = "") -> UnitEntry:
    return UnitEntry(pk, name, code, (code,) if code else (), name)


REGISTRY = Registry(
    units=[
        unit(1, "Bộ Chỉ huy Quân sự tỉnh Lào Cai", "BCHQS-LC"),
        unit(2, "Bộ Chỉ huy Quân sự tỉnh Hà Giang", "BCHQS-HG"),
        unit(3, "Sư đoàn 316"),
        unit(4, "Trung đoàn 98"),
        *Registry.builtin().units,
    ]
)


def units_read(text: str) -> list[tuple[str, int | None, float]]:
    return [
        (u["name"], u["match"], u["confidence"]) for u in read(text, registry=REGISTRY)["units"]
    ]


def test_a_name_typed_without_diacritics_matches_with_less_confidence() -> None:
    text = "Bo Chi huy Quan su tinh Lao Cai bao cao ket qua 6 thang dau nam."
    exact = units_read("Bộ Chỉ huy Quân sự tỉnh Lào Cai báo cáo kết quả.")
    slipped = units_read(text)
    assert [(name, match) for name, match, _ in slipped] == [("Bộ Chỉ huy Quân sự tỉnh Lào Cai", 1)]
    assert slipped[0][2] < exact[0][2]


def test_one_letter_wrong_still_matches() -> None:
    assert [u[1] for u in units_read("Bộ Chỉ huy Quân sự tỉnh Lào Cay đã triển khai.")] == [1]
    # A national body of the built-in list, one letter dropped.
    found = units_read("Tổng cục Hậu cầ chỉ đạo các đơn vị.")
    assert [name for name, _, _ in found] == ["Tổng cục Hậu cần"]


def test_another_place_or_number_is_never_taken_for_a_slip() -> None:
    assert units_read("Bộ Chỉ huy Quân sự tỉnh Hà Nam báo cáo.") == []
    assert units_read("Sư đoàn 317 tham gia diễn tập.") == []
    # Two letters wrong in one word are one too many.
    assert units_read("Bo Chi huy Quan su tinh Lao Kay bao cao.") == []


def test_an_exact_name_is_read_as_before() -> None:
    found = units_read("Sư đoàn 316 và Trung đoàn 98 hoàn thành nhiệm vụ.")
    assert [(name, match, confidence) for name, match, confidence in found] == [
        ("Sư đoàn 316", 3, 0.9),
        ("Trung đoàn 98", 4, 0.9),
    ]


def test_unit_named_finds_an_issuer_written_with_a_slip() -> None:
    entry = REGISTRY.unit_named("Bo Chi huy Quan su tinh Ha Giang")
    assert entry is not None and entry.id == 2
    assert REGISTRY.unit_named("Bộ Chỉ huy Quân sự tỉnh Hà Nam") is None


def test_the_rules_of_closeness() -> None:
    name = ("bo", "chi", "huy", "quan", "su", "tinh", "lao", "cai")
    assert close_names(name, name)
    assert close_names(name, (*name[:-1], "cay"))
    assert not close_names(name, (*name[:-2], "lao", "kay", "x"))  # not the same length
    assert not close_names(("su", "doan", "316"), ("su", "doan", "317"))
    assert not close_names(("quan", "khu", "2"), ("quan", "khu", "3"))
    assert not close_names(("tong", "cuc"), ("tong", "cuc"))  # two words: too short
    assert similarity(("lao", "cai"), ("lao", "cai")) == 1.0
    assert 0 < similarity(("lao", "cai"), ("lao", "cay")) < 1
