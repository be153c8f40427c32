"""The fact reading measured on the labelled corpus: F1 ≥ 0.95 per field group on both the
tune half and the dev half (never tuned on), and the corpus itself is well formed."""

import pytest

from tongket.intake.evaluation import GROUPS, SPLITS, evaluate, load


@pytest.mark.parametrize("split", SPLITS)
def test_each_field_group_reads_at_f1_095_or_better(split):
    # When the corpus half is read
    report = evaluate(split)
    # Then every field group reaches the target, and the legacy texts were all detected
    scores = {group: round(report.scores[group].f1, 3) for group in GROUPS}
    assert all(f1 >= 0.95 for f1 in scores.values()), (scores, report.errors)
    assert report.legacy_right == report.legacy_texts


def test_the_corpus_holds_forty_texts_or_more_in_every_genre_and_legacy_encoding():
    items = [item for split in SPLITS for item in load(split)]
    assert len(items) >= 40
    assert {item["genre"] for item in items} == {"news", "report", "document"}
    assert {item["encoding"] for item in items} >= {"tcvn3", "vni", "viscii"}
    assert len({item["id"] for item in items}) == len(items)
    for item in items:
        assert set(item["gold"]) == set(GROUPS), item["id"]


def test_a_wrong_reading_lowers_the_score():
    # Given the evaluation of one half
    report = evaluate("tune")
    before = report.scores["awards"].f1
    # When the gold of one text disagrees with what is read, the score drops
    from tongket.intake import evaluation

    items = evaluation.load("tune")
    item = next(i for i in items if i["gold"]["awards"])
    item["gold"]["awards"][0]["collectives"] += 1
    original = evaluation.load
    evaluation.load = lambda split: items
    try:
        assert evaluation.evaluate("tune").scores["awards"].f1 < before
    finally:
        evaluation.load = original
