"""A restore loads each model after the models its keys name: the value table's keys are
checked at the end of each statement on PostgreSQL, not at the commit (reporting.0011)."""

from __future__ import annotations

from tongket.core.backup import backed_up_models
from tongket.core.undeclared_keys import load_order


def test_each_model_comes_after_the_models_its_keys_name() -> None:
    labels = ["reporting.datavalue", "reporting.report", "org.unit", "reporting.period"]
    ordered = load_order(labels)
    assert sorted(ordered) == sorted(labels)
    assert ordered.index("reporting.report") < ordered.index("reporting.datavalue")
    assert ordered.index("org.unit") < ordered.index("reporting.report")
    assert ordered.index("reporting.period") < ordered.index("reporting.report")


def test_the_whole_backup_keeps_every_model_once_with_values_after_reports() -> None:
    labels = [model._meta.label_lower for model in backed_up_models()]
    ordered = load_order(labels)
    assert sorted(ordered) == sorted(labels)
    assert ordered.index("reporting.report") < ordered.index("reporting.datavalue")
    assert ordered.index("resolutions.indicator") < ordered.index("reporting.datavalue")
