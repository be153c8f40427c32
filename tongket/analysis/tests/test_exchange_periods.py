"""Period rows of an exchange mapping: a partner's period id (a financial year's
`2026AprilS1`, a `2026BiW1` no rule gives) stands for one of our periods. Rows naming a
period code written wrong or not in the calendar are refused by line; export writes the
mapped id (other periods by rule); import reads it back, and refuses an id that is neither
mapped nor a DHIS2 period, naming the row and the id; the page lists the kind."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tongket.analysis import services
from tongket.analysis.choices import MappingKind
from tongket.analysis.dhis2 import period_to_dhis2
from tongket.analysis.models import ExchangeMapping
from tongket.analysis.tests.test_exchange import FORM, URL, api, draft, stored, their_mapping
from tongket.core.errors import RowErrors
from tongket.reporting.models import Period, Report

pytestmark = pytest.mark.django_db
THEIRS = "2026AprilS1"


def _load(keeper, mapping: ExchangeMapping, text: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return services.mapping_rows_load(
        by=keeper, mapping=mapping, rows=services.exchange.mapping_rows_of_csv(text)
    )


def _mapped(users) -> tuple[Report, ExchangeMapping]:  # type: ignore[no-untyped-def]
    """A draft report and a mapping of its unit, form and indicators, its period as
    THEIRS."""
    report = draft()
    keeper = users["qk2.theodoi"]
    mapping = their_mapping(keeper, report)
    _load(keeper, mapping, f"{THEIRS},period,{report.period.code}")
    return report, mapping


def test_period_rows_name_a_period_of_the_calendar_written_our_way(users):
    report = draft()
    keeper = users["qk2.theodoi"]
    mapping = services.mapping_create(
        by=keeper, owner_unit=report.unit.__class__.objects.get(code="QK2"), name="Kỳ"
    )
    assert not Period.objects.filter(code="2099-H1").exists()

    with pytest.raises(RowErrors) as refused, translation.override("en"):
        _load(
            keeper,
            mapping,
            "\n".join(
                [
                    f"{THEIRS},period,{report.period.code}",
                    "2026BiW1,kỳ,2026-H3",  # no third half-year
                    "2099AprilS1,period,2099-H1",  # not in the calendar
                    f"AAA,period,{period_to_dhis2(report.period.code)}",  # DHIS2's, not ours
                ]
            ),
        )

    rows = refused.value.rows
    assert [(r["row"], r["column"]) for r in rows] == [(2, "code"), (3, "code"), (4, "code")]
    assert rows[0]["message"].startswith("Line 2") and "2026-H3" in rows[0]["message"]
    assert rows[1]["message"].startswith("Line 3") and "2099-H1" in rows[1]["message"]
    assert not mapping.rows.exists()

    assert _load(keeper, mapping, f"{THEIRS},kỳ,{report.period.code.lower()}") == {
        "added": 1,
        "removed": 0,
    }
    row = mapping.rows.get()
    assert (row.kind, row.external_id, row.period) == (MappingKind.PERIOD, THEIRS, report.period)
    with pytest.raises(RowErrors) as again:
        _load(keeper, mapping, f"Other,period,{report.period.code}")
    assert report.period.code in again.value.rows[0]["message"]


def test_export_writes_the_mapped_period_and_import_reads_it_back(users):
    """Given the report's period mapped to THEIRS, the export names it so (and the query
    takes THEIRS too); imported back, no value changes; a period not mapped keeps its rule."""
    report, mapping = _mapped(users)
    before = stored(report)
    client = api(users["qk2.baocao"])
    query = {"form": FORM, "period": THEIRS, "unit": report.unit.code, "mapping": mapping.pk}

    exported = client.get(URL, query)

    assert exported.status_code == 200, exported.json()
    data = exported.json()
    assert data["dataValues"] and {v["period"] for v in data["dataValues"]} == {THEIRS}
    back = client.post(f"{URL}?mapping={mapping.pk}", data, format="json")
    assert back.status_code == 200, back.json()
    assert back.json()["values"] == len(before)
    assert stored(report) == before
    # Changed under their id, the value lands on our period.
    plain = next(v for v in data["dataValues"] if "categoryOptionCombo" not in v)
    plain["value"] = "4321"
    assert client.post(f"{URL}?mapping={mapping.pk}", data, format="json").status_code == 200
    changed = stored(report)
    assert 4321 in {value[0] for value in changed.values()}
    # Without the period's row, the rule names it again.
    mapping.rows.filter(kind=MappingKind.PERIOD).delete()
    ruled = client.get(URL, {**query, "period": report.period.code}).json()
    assert {v["period"] for v in ruled["dataValues"]} == {period_to_dhis2(report.period.code)}


def test_an_unknown_period_id_refuses_the_set_naming_the_row_and_the_id(users):
    report, mapping = _mapped(users)
    client = api(users["qk2.baocao"])
    data = client.get(
        URL, {"form": FORM, "period": THEIRS, "unit": report.unit.code, "mapping": mapping.pk}
    ).json()
    before = stored(report)
    for value in data["dataValues"]:
        value["value"] = "7"
    data["dataValues"][1]["period"] = "2026BiW1"

    refused = client.post(f"{URL}?mapping={mapping.pk}", data, format="json")

    assert refused.status_code == 400
    rows = refused.json()["errors"]["rows"]
    assert [(r["row"], r["column"]) for r in rows] == [(2, "period")]
    assert "2026BiW1" in rows[0]["message"] and "2" in rows[0]["message"]
    assert stored(report) == before


def test_the_mapping_page_takes_and_lists_period_rows(client, users):
    report = draft()
    keeper = users["qk2.theodoi"]
    mapping = services.mapping_create(
        by=keeper, owner_unit=report.unit.__class__.objects.get(code="QK2"), name="Kỳ trang"
    )
    client.force_login(keeper)
    page = reverse("ui:analysis_exchange_mapping", args=[mapping.pk])

    bad = client.post(page, {"text": "2026BiW1,period,2026-W1"})
    assert bad.status_code == 200
    assert [r["row"] for r in bad.context["row_errors"]] == [1]
    done = client.post(page, {"text": f"{THEIRS},period,{report.period.code}"})

    assert done.status_code == 302
    shown = client.get(page)
    assert [(r.kind, r.external_id, r.target.code) for r in shown.context["rows"]] == [
        (MappingKind.PERIOD, THEIRS, report.period.code)
    ]
    assert f"<code>{THEIRS}</code>" in shown.content.decode()
    with translation.override("en"):
        assert "or period" in str(shown.context["form"].fields["text"].help_text)
