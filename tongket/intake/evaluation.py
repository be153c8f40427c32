"""Accuracy of the fact reading on the labelled corpus (`corpus/tune`, `corpus/dev`), and its
throughput.

Each text carries its gold facts in the intake schema. A read fact counts as right when all
its compared fields equal a gold fact's (micro precision, recall and F1 per field group, each
gold fact matched at most once). Compared fields:

- resolutions: number (as an integer), symbol, date, issuer;
- events: date, time of day, format, place;
- people: rank, name, positions (in order);
- awards: form, collectives, individuals, proposed to a higher authority.

Names and texts compare by search key (case and diacritics aside), so "Uỷ"/"Ủy" agree.
`tune` is the half the rules were adjusted on; `dev` was written at the same time and is
only measured, never tuned on.
"""

from __future__ import annotations

import datetime
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tongket.core.legacy_text import to_unicode
from tongket.core.text import search_key
from tongket.intake.reading import prepare, read
from tongket.intake.reading.base import Text
from tongket.intake.reading.registry import Registry

CORPUS = Path(__file__).resolve().parent / "corpus"
GROUPS = ("resolutions", "events", "people", "awards")
SPLITS = ("tune", "dev")


def _key(value: Any) -> Any:
    return search_key(value) if isinstance(value, str) else value


def fact_key(group: str, item: dict[str, Any]) -> tuple[Any, ...]:
    if group == "resolutions":
        number = item.get("number")
        return (
            int(number) if number not in (None, "") else None,
            _key(item.get("symbol")),
            item.get("date"),
            _key(item.get("issuer")),
        )
    if group == "events":
        return (
            item.get("date"),
            item.get("time_of_day"),
            item.get("format"),
            _key(item.get("place")),
        )
    if group == "people":
        positions = tuple(_key(position) for position in item.get("positions") or ())
        return (item.get("rank"), _key(item.get("name")), positions)
    if group == "awards":
        return (
            item.get("form"),
            item.get("collectives") or 0,
            item.get("individuals") or 0,
            bool(item.get("proposed_to_higher")),
        )
    raise ValueError(group)


@dataclass
class Score:
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    split: str
    texts: int = 0
    scores: dict[str, Score] = field(default_factory=lambda: {g: Score() for g in GROUPS})
    published_right: int = 0
    legacy_texts: int = 0
    legacy_right: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "split": self.split,
            "texts": self.texts,
            "published_right": self.published_right,
            "legacy_texts": self.legacy_texts,
            "legacy_detected": self.legacy_right,
            "groups": {
                group: {
                    "precision": round(score.precision, 4),
                    "recall": round(score.recall, 4),
                    "f1": round(score.f1, 4),
                    "gold": score.gold,
                    "predicted": score.predicted,
                    "true_positives": score.true_positives,
                }
                for group, score in self.scores.items()
            },
        }


def load(split: str) -> list[dict[str, Any]]:
    return [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((CORPUS / split).glob("*.json"))
    ]


def read_item(item: dict[str, Any], registry: Registry) -> tuple[dict[str, Any], tuple[str, ...]]:
    conversion = to_unicode(item["text"])
    published = None
    if item.get("pass_published") and item.get("published"):
        published = datetime.date.fromisoformat(item["published"])
    return read(conversion.text, published=published, registry=registry), conversion.encodings


def evaluate(split: str, registry: Registry | None = None) -> Report:
    registry = registry or Registry.builtin()
    report = Report(split)
    for item in load(split):
        report.texts += 1
        facts, encodings = read_item(item, registry)
        if item.get("encoding"):
            report.legacy_texts += 1
            report.legacy_right += encodings == (item["encoding"],)
        report.published_right += facts["published"] == item["published"]
        for group in GROUPS:
            gold = Counter(fact_key(group, fact) for fact in item["gold"][group])
            predicted = Counter(fact_key(group, fact) for fact in facts[group])
            score = report.scores[group]
            hits = sum((gold & predicted).values())
            score.true_positives += hits
            score.gold += sum(gold.values())
            score.predicted += sum(predicted.values())
            missed, extra = gold - predicted, predicted - gold
            if missed or extra:
                report.errors.append(
                    {
                        "id": item["id"],
                        "group": group,
                        "missed": [list(key) for key in missed.elements()],
                        "extra": [list(key) for key in extra.elements()],
                    }
                )
    return report


def throughput(seconds: float = 2.0, registry: Registry | None = None) -> dict[str, float]:
    """Sentences read per second of CPU time of this one process (a single thread: one
    core), over the whole corpus read again and again; legacy texts are converted once
    beforehand. CPU time, not wall time, so that a busy machine does not distort it."""
    registry = registry or Registry.builtin()
    texts = []
    for split in SPLITS:
        for item in load(split):
            texts.append(prepare(to_unicode(item["text"]).text))
    sentences_per_round = sum(len(Text(text).sentences) for text in texts)
    characters = sum(len(text) for text in texts)
    rounds = 0
    started, wall_started = time.process_time(), time.perf_counter()
    while True:
        for text in texts:
            read(text, registry=registry)
        rounds += 1
        elapsed = time.process_time() - started
        if elapsed >= seconds:
            break
    wall = time.perf_counter() - wall_started
    return {
        "sentences_per_second": round(sentences_per_round * rounds / elapsed),
        "characters_per_second": round(characters * rounds / elapsed),
        "sentences": sentences_per_round * rounds,
        "seconds": round(elapsed, 2),
        "wall_seconds": round(wall, 2),
    }
