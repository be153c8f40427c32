"""Importing through a mapping whose partner ids name two indicators with one code (HC01 of
623 and of another resolution): each value goes into the indicator its id names, never into
whichever of the form's indicators has the code; a value for an indicator the form does not
ask refuses the whole set, naming its row, the partner's id and the form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tongket.analysis import services
from tongket.analysis.dhis2 import period_to_dhis2
from tongket.analysis.models import ExchangeMapping
from tongket.analysis.tests.test_exchange import FORM, URL, api, draft, stored
from tongket.analysis.tests.test_exchange_rows import SYMBOL, _shared_code
from tongket.core.scopes import SYSTEM
from tongket.org.models import Unit
from tongket.reporting.models import DataValue, Report, ReportForm
from tongket.reporting.services import form_update

pytestmark = pytest.mark.django_db
MINE, OTHER, DATA_SET = "DEmine00001", "DEother0001", "DSform00001"


def _mapping(keeper, report: Report) -> ExchangeMapping:  # type: ignore[no-untyped-def]
    """The report's unit and form, 623's HC01 as MINE (a ratio: its combos) and the other
    resolution's HC01 as OTHER."""
    mapping = services.mapping_create(
        by=keeper, owner_unit=Unit.objects.get(code="QK2"), name="DHIS2 hai HC01"
    )
    lines = [
        f"OU{report.unit.pk:09d},unit,{report.unit.code}",
        f"{DATA_SET},form,{FORM}",
        f"{MINE},indicator,623-NQ/QUTW:HC01,CNmine00001,CDmine00001",
        f"{OTHER},indicator,{SYMBOL}:HC01",
    ]
    services.mapping_rows_load(
        by=keeper,
        mapping=mapping,
        rows=services.exchange.mapping_rows_of_csv("\n".join(lines)),
    )
    return mapping


def _set(report: Report) -> dict[str, Any]:
    where = {"orgUnit": f"OU{report.unit.pk:09d}", "period": period_to_dhis2(report.period.code)}
    return {
        "dataSet": DATA_SET,
        "dataValues": [
            {**where, "dataElement": MINE, "categoryOptionCombo": "CNmine00001", "value": "9"},
            {**where, "dataElement": MINE, "categoryOptionCombo": "CDmine00001", "value": "10"},
            {**where, "dataElement": OTHER, "value": "22"},
        ],
    }


def test_a_value_for_an_indicator_the_form_does_not_ask_refuses_the_set(users):
    """Given OTHER names the other resolution's HC01, which the 623 form does not ask, the
    set is refused at its row, naming OTHER and the form, though the form asks an HC01."""
    _theirs, _ours = _shared_code()
    report = draft()
    mapping = _mapping(users["qk2.theodoi"], report)
    before = stored(report)
    client = api(users["qk2.baocao"])

    refused = client.post(f"{URL}?mapping={mapping.pk}", _set(report), format="json")

    assert refused.status_code == 400, refused.json()
    rows = refused.json()["errors"]["rows"]
    assert [(r["row"], r["column"]) for r in rows] == [(3, "dataElement")]
    assert OTHER in rows[0]["message"] and FORM in rows[0]["message"]
    assert SYMBOL in rows[0]["message"]
    assert stored(report) == before
    # Without it, the rest goes in.
    data = _set(report)
    data["dataValues"].pop()
    done = client.post(f"{URL}?mapping={mapping.pk}", data, format="json")
    assert done.status_code == 200, done.json()
    assert stored(report)["HC01"][1:3] == (Decimal(9), Decimal(10))


def test_two_indicators_with_one_code_on_a_form_each_get_their_own_value(users):
    """Given the form asks both HC01s, MINE's parts go into 623's HC01 and OTHER's value
    into the other one, in one set."""
    theirs, ours = _shared_code()
    form = ReportForm.objects.get(code=FORM)
    form_update(by=SYSTEM, form=form, indicators=[*form.indicators.order_by("order"), ours])
    report = draft()
    mapping = _mapping(users["qk2.theodoi"], report)

    done = api(users["qk2.baocao"]).post(f"{URL}?mapping={mapping.pk}", _set(report), format="json")

    assert done.status_code == 200, done.json()
    mine = DataValue.objects.get(report=report, indicator=theirs)
    assert (mine.numerator, mine.denominator) == (Decimal(9), Decimal(10))
    assert DataValue.objects.get(report=report, indicator=ours).value == Decimal(22)
