"""Mapping rows from CSV and the API's JSON: an indicator code that several resolutions use
is qualified by the resolution's symbol (a `resolution` column or field, or SYMBOL:CODE); a
bare one is refused naming the row and the resolutions; a header line's names decide the
columns."""

from __future__ import annotations

import datetime

import pytest

from tongket.analysis import services
from tongket.analysis.models import ExchangeMapping
from tongket.analysis.tests.test_exchange import api
from tongket.core.errors import RowErrors
from tongket.core.scopes import SYSTEM
from tongket.org.models import Unit
from tongket.resolutions.models import Indicator
from tongket.resolutions.services import indicator_create, resolution_create

pytestmark = pytest.mark.django_db
SYMBOL = "41-NQ/ĐU"


def _shared_code() -> tuple[Indicator, Indicator]:
    """623's HC01 and an indicator HC01 of a new resolution of Quân khu 2."""
    qk2 = Unit.objects.get(code="QK2")
    resolution = resolution_create(
        by=SYSTEM,
        kind="resolution",
        issuing_unit=qk2,
        owner_unit=qk2,
        subject="Nghị quyết về công tác hậu cần khu vực biên giới",
        issued_on=datetime.date(2024, 6, 12),
        symbol=SYMBOL,
        confirm_issuer=True,
    )
    ours = indicator_create(
        by=SYSTEM,
        resolution=resolution,
        code="HC01",
        name="Tỷ lệ đồn biên phòng có bếp hợp vệ sinh",
        unit_of_measure="%",
    )
    return Indicator.objects.get(code="HC01", resolution__symbol="623-NQ/QUTW"), ours


def _mapping(keeper) -> ExchangeMapping:  # type: ignore[no-untyped-def]
    return services.mapping_create(
        by=keeper, owner_unit=Unit.objects.get(code="QK2"), name="DHIS2 thử mã trùng"
    )


def _load(keeper, mapping: ExchangeMapping, text: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return services.mapping_rows_load(
        by=keeper, mapping=mapping, rows=services.exchange.mapping_rows_of_csv(text)
    )


def test_a_bare_shared_code_is_refused_naming_the_row_and_the_resolutions(users):
    _shared_code()
    keeper = users["qk2.theodoi"]
    mapping = _mapping(keeper)

    with pytest.raises(RowErrors) as refused:
        _load(
            keeper,
            mapping,
            "external_id,kind,our_code\nOUqk2aaaaaa,unit,QK2\nDEhc01aaaaa,indicator,HC01",
        )

    [row] = refused.value.rows
    assert (row["row"], row["column"]) == (3, "code")
    assert "3" in row["message"] and "HC01" in row["message"]
    assert "623-NQ/QUTW" in row["message"] and SYMBOL in row["message"]
    assert not mapping.rows.exists()


def test_the_resolution_column_or_symbol_colon_code_names_the_indicator(users):
    theirs_623, ours = _shared_code()
    keeper = users["qk2.theodoi"]
    mapping = _mapping(keeper)

    counts = _load(
        keeper,
        mapping,
        "\n".join(
            [
                "external_id;kind;resolution;our_code",
                f"DEqk2hc0101;indicator;{SYMBOL};HC01",
                "DE623hc0101;indicator;623-nq/quTW;HC01",  # case and accents do not matter
            ]
        ),
    )
    assert counts == {"added": 2, "removed": 0}
    assert dict(mapping.rows.values_list("external_id", "indicator_id")) == {
        "DEqk2hc0101": ours.pk,
        "DE623hc0101": theirs_623.pk,
    }

    other = services.mapping_create(
        by=keeper, owner_unit=Unit.objects.get(code="QK2"), name="DHIS2 ký hiệu:mã"
    )
    _load(keeper, other, f"DEqk2hc0102,indicator,{SYMBOL}:HC01,,,")
    assert list(other.rows.values_list("indicator_id", flat=True)) == [ours.pk]


def test_a_wrong_resolution_is_refused_saying_where_the_code_is(users):
    _shared_code()
    keeper = users["qk2.theodoi"]
    mapping = _mapping(keeper)

    with pytest.raises(RowErrors) as refused:
        _load(
            keeper,
            mapping,
            "\n".join(
                [
                    "DEaaaaaaaa1,indicator,HC01,,,15/KH-BTL",  # the plan has QK2-HC01, not HC01
                    "DEaaaaaaaa2,indicator,382-NQ/ĐUQSTW:HC01",
                    "OUaaaaaaaa3,unit,QK2,,,623-NQ/QUTW",  # a resolution names no unit
                ]
            ),
        )

    rows = refused.value.rows
    assert [(r["row"], r["column"]) for r in rows] == [(1, "code"), (2, "code"), (3, "resolution")]
    assert "15/KH-BTL" in rows[0]["message"] and "623-NQ/QUTW" in rows[0]["message"]
    assert "382-NQ/ĐUQSTW" in rows[1]["message"]
    assert not mapping.rows.exists()


def test_the_mapping_page_shows_each_indicator_with_its_resolution(client, users):
    _theirs, ours = _shared_code()
    keeper = users["qk2.theodoi"]
    mapping = _mapping(keeper)
    client.force_login(keeper)

    response = client.post(
        f"/analysis/exchange/mappings/{mapping.pk}/",
        {"text": f"external_id,kind,our_code,resolution\nDEqk2hc0103,indicator,HC01,{SYMBOL}"},
    )

    assert response.status_code == 302
    assert list(mapping.rows.values_list("indicator_id", flat=True)) == [ours.pk]
    page = client.get(f"/analysis/exchange/mappings/{mapping.pk}/").content.decode()
    assert f'data-testid="mapping-row-resolution">{SYMBOL}<' in page


def test_a_shared_code_mapped_for_each_resolution_exports_the_forms_own(users):
    """Given HC01 of 623 and HC01 of another resolution both mapped (the other one last),
    when the 623 form is exported through the mapping, then its HC01 values carry the
    identifier of 623's HC01."""
    from tongket.analysis import exchange
    from tongket.reporting.models import Report, ReportForm

    theirs_623, ours = _shared_code()
    keeper = users["qk2.theodoi"]
    mapping = _mapping(keeper)
    form = ReportForm.objects.get(code="BC6T-623-QK2")
    report = (
        Report.objects.filter(
            form=form,
            unit__code="SD316-E98",
            values__indicator=theirs_623,
            values__value__isnull=False,
        )
        .select_related("unit", "period")
        .order_by("-period__sort_key", "pk")
        .first()
    )
    lines = [
        f"OUqk2{report.unit.pk:06d},unit,{report.unit.code}",
        "DEmine00001,indicator,623-NQ/QUTW:HC01,CNmine00001,CDmine00001",
        f"DEother0001,indicator,{SYMBOL}:HC01,CNother0001,CDother0001",
    ]
    lines += [
        f"DE{link.indicator.code:0>9},indicator,{link.indicator.code}"
        for link in form.form_indicators.select_related("indicator")
        if link.indicator.code != "HC01"
    ]
    _load(keeper, mapping, "\n".join(lines))

    data = exchange.export_set(
        user=users["qk2.baocao"],
        form=form,
        periods=[report.period],
        within=report.unit,
        ids=exchange.identifiers(user=users["qk2.baocao"], mapping=mapping),
    )

    hc01 = [v for v in data["dataValues"] if v["dataElement"] in ("DEmine00001", "DEother0001")]
    assert hc01 and {v["dataElement"] for v in hc01} == {"DEmine00001"}
    assert {v["categoryOptionCombo"] for v in hc01} == {"CNmine00001", "CDmine00001"}
    assert ours.pk != theirs_623.pk


def test_the_api_takes_a_resolution_to_qualify_an_indicator_code(users):
    """Given HC01 in two resolutions, the API's JSON rows refuse a bare HC01 (400 naming the
    row and both resolutions, nothing written) and take it with `resolution` or as
    SYMBOL:CODE; the rows read back give each indicator's resolution."""
    theirs_623, ours = _shared_code()
    client = api(users["qk2.theodoi"])
    mapping = _mapping(users["qk2.theodoi"])
    url = f"/api/v1/exchange-mappings/{mapping.pk}/rows/"

    refused = client.post(
        url,
        {
            "rows": [
                {"external_id": "OUqk2bbbbbb", "kind": "unit", "code": "QK2"},
                {"external_id": "DEhc01bbbbb", "kind": "indicator", "code": "HC01"},
            ]
        },
        format="json",
    )

    assert refused.status_code == 400, refused.json()
    [row] = refused.json()["errors"]["rows"]
    assert (row["row"], row["column"]) == (2, "code")
    assert "623-NQ/QUTW" in row["message"] and SYMBOL in row["message"]
    assert not mapping.rows.exists()

    loaded = client.post(
        url,
        {
            "rows": [
                {
                    "external_id": "DEhc01bbbbb",
                    "kind": "indicator",
                    "code": "HC01",
                    "resolution": SYMBOL,
                },
                {"external_id": "DEhc01ccccc", "kind": "indicator", "code": "623-NQ/QUTW:HC01"},
            ]
        },
        format="json",
    )

    assert loaded.status_code == 200, loaded.json()
    assert dict(mapping.rows.values_list("external_id", "indicator_id")) == {
        "DEhc01bbbbb": ours.pk,
        "DEhc01ccccc": theirs_623.pk,
    }
    listed = {r["external_id"]: r["resolution"] for r in client.get(url).json()}
    assert listed == {"DEhc01bbbbb": SYMBOL, "DEhc01ccccc": "623-NQ/QUTW"}


def test_the_schema_documents_the_rows_resolution(admin_user):
    schema = api(admin_user).get("/api/schema/", {"format": "json"})

    components = schema.json()["components"]["schemas"]
    assert "resolution" in components["MappingRowWrite"]["properties"]
    assert "resolution" in components["MappingRow"]["properties"]
