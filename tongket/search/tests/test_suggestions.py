"""Slips of the keyboard: a query with a one-letter slip that finds nothing is searched as
corrected, "did you mean" is proposed, and a suggestion never holds a word that only a
record hidden from the reader holds (another branch's, or one marked above the reader's
clearance), on the page, in the API and in the selector."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core.management import call_command
from django.test import Client

from tongket.core.scopes import SYSTEM
from tongket.org.services import user_update
from tongket.resolutions.services import indicator_create, resolution_create, resolution_update
from tongket.search import selectors, suggestions
from tongket.search.models import SearchWord

pytestmark = pytest.mark.django_db

_NUMBERS = itertools.count(961)
# Code names that stand nowhere in the demo: the one of the record hidden from the reader,
# the one of a record the reader may open (two letters from the slip, where the hidden one
# is one letter from it), and the slip typed.
HIDDEN = "xuyenthach"
SEEN = "xuyenthanh"
SLIP = "xuyenthacx"
# Only in a record of another branch (Đắk Lắk), and a slip of it.
ELSEWHERE, ELSEWHERE_SLIP = "bachthuyen", "bachthuyem"


def _indicators(units, capture, *, unit: str, names: list[str], secret: bool = False):
    """Indicators of a new resolution of `unit` (marked secret when asked), indexed."""
    with capture(execute=True):
        resolution = resolution_create(
            by=SYSTEM,
            kind="resolution",
            issuing_unit=units[unit],
            owner_unit=units[unit],
            subject="Nghị quyết về xây dựng khu vực phòng thủ",
            issued_on=datetime.date(2024, 6, 12),
            symbol=f"{next(_NUMBERS)}-NQ/ĐU",
            confirm_issuer=True,
        )
    with capture(execute=True):
        made = [
            indicator_create(
                by=SYSTEM,
                resolution=resolution,
                code=f"TD{index}",
                name=name,
                unit_of_measure="trận địa",
            )
            for index, name in enumerate(names, start=1)
        ]
    if secret:
        with capture(execute=True):
            resolution_update(by=SYSTEM, resolution=resolution, classification="secret")
    return made


def _indicator(units, capture, *, unit: str, name: str, secret: bool = False):
    return _indicators(units, capture, unit=unit, names=[name], secret=secret)[0]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _every_word(results) -> str:
    """Everything the results say of suggestions, folded words and words as written."""
    proposed = list(results.suggestions)
    if results.corrected:
        proposed.append(results.corrected)
    return " ".join(f"{s.text} {' '.join(s.terms)}" for s in proposed)


def test_a_query_with_a_slip_finds_the_record(units, users, django_capture_on_commit_callbacks):
    """Given an indicator "Số trận địa phòng không nhân dân được củng cố" of Quân khu 2, when a
    reporter of Quân khu 2 types "tran dia phong khomg" (one letter wrong), then the indicator
    is found, as the results of "trận địa phòng không" written as the records write it; the
    page and the API say so and propose the words as typed, which find nothing."""
    indicator = _indicator(
        units,
        django_capture_on_commit_callbacks,
        unit="QK2",
        name="Số trận địa phòng không nhân dân được củng cố",
    )
    reader = users["qk2.baocao"]

    results = selectors.search(user=reader, query="tran dia phong khomg", correct=True)

    assert results.corrected is not None
    assert results.corrected.text == "trận địa phòng không"
    assert results.corrected.changed == [False, False, False, True]
    assert indicator.pk in [hit.entry.object_id for hit in results.hits]
    assert results.total == results.corrected.total
    assert "<mark>không</mark>" in " ".join(hit.title_html for hit in results.hits)

    exact = selectors.search(user=reader, query="tran dia phong khomg")
    assert exact.total == 0 and exact.corrected is None and not exact.hits
    assert exact.suggestions[0].text == "trận địa phòng không"

    client = _client(reader)
    html = client.get("/search/", {"q": "tran dia phong khomg"}).content.decode()
    assert 'data-testid="search-corrected"' in html
    assert "trận địa phòng <strong>không</strong>" in html
    assert 'data-testid="search-hit"' in html
    page = client.get("/search/", {"q": "tran dia phong khomg", "exact": "1"}).content.decode()
    assert 'data-testid="search-hit"' not in page
    assert 'data-testid="search-suggestion"' in page and "Có phải bạn muốn tìm" in page

    answer = client.get("/api/v1/search/", {"q": "tran dia phong khomg", "kind": "indicator"})
    data = answer.json()
    assert answer.status_code == 200, data
    assert data["query"] == "tran dia phong khomg"
    assert data["corrected_query"] == "trận địa phòng không"
    assert indicator.pk in [hit["object_id"] for hit in data["results"]]
    exact_answer = client.get(
        "/api/v1/search/", {"q": "tran dia phong khomg", "kind": "indicator", "exact": "true"}
    ).json()
    assert exact_answer["corrected_query"] is None and exact_answer["count"] == 0
    assert exact_answer["suggestions"][0]["query"] == "trận địa phòng không"
    assert exact_answer["suggestions"][0]["count"] >= 1


def test_a_word_only_a_hidden_record_holds_is_never_proposed(
    units, users, django_capture_on_commit_callbacks
):
    """Given a secret indicator of Quân khu 2 named with HIDDEN, an indicator of Quân khu 2
    named with SEEN and an indicator of Đắk Lắk named with ELSEWHERE, when a reporter of Quân
    khu 2 without clearance types slips of HIDDEN and of ELSEWHERE, then neither word is
    proposed (on the page, in the API, by the selector): the slip of HIDDEN is corrected to
    SEEN, farther from it but in a record the reader may open, and the slip of ELSEWHERE to
    nothing. Once cleared, the reader is proposed HIDDEN, and a reader of every branch
    ELSEWHERE: the words are in the vocabulary, only the reader's scope and clearance kept
    them out."""
    _indicator(
        units,
        django_capture_on_commit_callbacks,
        unit="QK2",
        name=f"Số trận địa mật danh {HIDDEN} được củng cố",
        secret=True,
    )
    seen = _indicator(
        units,
        django_capture_on_commit_callbacks,
        unit="QK2",
        name=f"Số trận địa mật danh {SEEN} được củng cố",
    )
    _indicator(
        units,
        django_capture_on_commit_callbacks,
        unit="BCHQS-DL",
        name=f"Số trận địa mật danh {ELSEWHERE} được củng cố",
    )
    assert SearchWord.objects.filter(word__in=[HIDDEN, SEEN, ELSEWHERE]).count() == 3
    reader = users["qk2.baocao"]
    client = _client(reader)

    results = selectors.search(user=reader, query=f"tran dia {SLIP}", correct=True)
    assert results.corrected is not None and results.corrected.terms == ["tran", "dia", SEEN]
    assert [hit.entry.object_id for hit in results.hits] == [seen.pk]
    assert HIDDEN not in _every_word(results)
    exact = selectors.search(user=reader, query=SLIP)
    assert exact.suggestions and HIDDEN not in _every_word(exact)
    elsewhere = selectors.search(user=reader, query=ELSEWHERE_SLIP, correct=True)
    assert not elsewhere.suggestions and elsewhere.corrected is None and not elsewhere.total
    for query in (f"tran dia {SLIP}", ELSEWHERE_SLIP, f"mat danh {ELSEWHERE_SLIP}"):
        for exact_flag in ("", "1"):
            page = client.get("/search/", {"q": query, "exact": exact_flag}).content.decode()
            assert HIDDEN not in page.lower() and ELSEWHERE not in page.lower()
        answer = client.get("/api/v1/search/", {"q": query}).content.decode()
        assert HIDDEN not in answer.lower() and ELSEWHERE not in answer.lower()

    user_update(by=SYSTEM, user=reader, clearance="secret")
    reader.refresh_from_db()
    cleared = selectors.search(user=reader, query=f"tran dia {SLIP}", correct=True)
    assert cleared.corrected is not None and cleared.corrected.terms == ["tran", "dia", HIDDEN]
    everywhere = selectors.search(user=users["admin"], query=ELSEWHERE_SLIP, correct=True)
    assert everywhere.corrected is not None and everywhere.corrected.terms == [ELSEWHERE]


def test_a_rare_spelling_of_a_common_word_gets_a_suggestion(
    units, users, django_capture_on_commit_callbacks
):
    """Given one indicator whose name holds the slip "phomg" and many holding "phòng", a
    query for "phomg thu" finds the one, and "phòng thủ" is proposed (not searched instead)."""
    common = 10 * suggestions.COMMON
    _indicators(
        units,
        django_capture_on_commit_callbacks,
        unit="QK2",
        names=[f"Số trận địa phòng thủ ven biển số {n}" for n in range(1, common + 1)],
    )
    slip = _indicator(
        units, django_capture_on_commit_callbacks, unit="QK2", name="Số hầm phomg thủ kiên cố"
    )

    results = selectors.search(user=users["qk2.baocao"], query="phomg thu", kind="indicator")

    assert [hit.entry.object_id for hit in results.hits] == [slip.pk]
    assert results.corrected is None
    assert results.suggestions[0].terms == ["phong", "thu"]
    assert results.suggestions[0].changed == [True, False]
    assert results.suggestions[0].total >= common


def test_the_vocabulary_follows_the_index_and_the_command_prunes_it(
    units, django_capture_on_commit_callbacks
):
    indicator = _indicator(
        units, django_capture_on_commit_callbacks, unit="QK2", name="Chỉ tiêu Quangvinhthang"
    )
    assert SearchWord.objects.filter(word="quangvinhthang", length=14).exists()
    SearchWord.objects.create(word="khongaicodung", length=13)

    with django_capture_on_commit_callbacks(execute=True):
        indicator.delete()
    call_command("reindex_search", "--keep-file-text", verbosity=0)

    assert not SearchWord.objects.filter(word__in=["quangvinhthang", "khongaicodung"]).exists()
    assert SearchWord.objects.filter(word="quan").exists()


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("khomg", "khong", 1),
        ("khong", "khogn", 1),
        ("khong", "hkong", 1),
        ("khong", "khon", 1),
        ("khong", "khoong", 1),
        ("truong", "trong", 1),
        ("xuyenthacx", "xuyenthanh", 2),
        ("tran", "khong", 3),
    ],
)
def test_the_distance_counts_letters_added_dropped_changed_or_swapped(a, b, expected):
    assert suggestions.distance(a, b, 2) == min(expected, 3)


def test_similar_words_are_those_within_reach(db):
    SearchWord.objects.bulk_create(
        SearchWord(word=word, length=len(word))
        for word in ("zzkhong", "zzkhogn", "zzkhom", "zzkhoang", "zzphong", "zzkhongg")
    )
    found = dict(suggestions.similar_words("zzkhomg", 1))
    assert {"zzkhong", "zzkhom"} <= set(found)
    assert "zzkhoang" not in found and "zzphong" not in found
    assert set(dict(suggestions.similar_words("zzkhong", 1))) >= {"zzkhogn", "zzkhongg"}
    assert suggestions.similar_words("ab", suggestions.max_distance("ab")) == []


def test_a_suggestion_is_written_as_most_entries_write_it(
    units, users, django_capture_on_commit_callbacks
):
    """Given four indicators of Quân khu 2 holding "sơ kết" three times and "sở kết" once (the
    first one indexed), when a reporter types a slip of their rare word, then the search is
    corrected to "sơ kết …", as most of them write it, not as the first one does."""
    rare = "vinhquangthuy"
    made = _indicators(
        units,
        django_capture_on_commit_callbacks,
        unit="QK2",
        names=[f"Số hội nghị sở kết {rare} đợt 1"]
        + [f"Số hội nghị sơ kết {rare} đợt {n}" for n in (2, 3, 4)],
    )

    results = selectors.search(user=users["qk2.baocao"], query="so ket vinhquangthuz", correct=True)

    assert results.corrected is not None
    assert results.corrected.terms == ["so", "ket", rare]
    assert results.corrected.text == f"sơ kết {rare}"
    assert {hit.entry.object_id for hit in results.hits} == {i.pk for i in made}


def test_a_tie_between_two_ways_of_writing_is_broken_the_same_whichever_entry_comes_first(
    units, django_capture_on_commit_callbacks
):
    from tongket.search.models import SearchEntry

    made = _indicators(
        units,
        django_capture_on_commit_callbacks,
        unit="QK2",
        names=["Hội nghị sở kết quangthuyvinh", "Hội nghị sơ kết quangthuyvinh"],
    )
    ids = list(
        SearchEntry.objects.filter(object_id__in=[i.pk for i in made], kind="indicator")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    assert len(ids) == 2
    terms = ["so", "ket"]

    assert suggestions.written_by_most(terms, ids) == ["sơ", "kết"]
    assert suggestions.written_by_most(terms, ids[::-1]) == ["sơ", "kết"]
    assert suggestions.written_by_most(terms, ids[:1]) == ["sở", "kết"]
    assert suggestions.written_by_most(terms, []) == terms
