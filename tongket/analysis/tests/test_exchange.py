"""Exchange mappings: a set exported in a partner's identifiers and imported back leaves
every value unchanged; an identifier the mapping does not know refuses the set naming its
row; rows pasted all or nothing; another branch neither sees nor uses a mapping; the page's
upload, preview and confirmation; the API's schema documents it."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.analysis import services
from tongket.analysis.dhis2 import period_to_dhis2
from tongket.analysis.models import ExchangeMapping, ExchangeMappingRow
from tongket.core.errors import RowErrors
from tongket.core.models import ChangeLog
from tongket.core.models import StagedUpload as StagedDataValueSet
from tongket.reporting.models import DataValue, Report

pytestmark = pytest.mark.django_db
URL = "/api/v1/data-value-sets/"
FORM = "BC6T-623-QK2"


def api(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    token = Token.objects.get_or_create(user=user)[0]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def draft() -> Report:
    return (
        Report.objects.filter(
            form__code=FORM, state="draft", period__is_open=True, values__isnull=False
        )
        .select_related("unit", "period", "form")
        .distinct()
        .order_by("pk")
        .first()
    )


def stored(report: Report) -> dict[str, tuple]:
    return {
        v.indicator.code: (v.value, v.numerator, v.denominator, v.comment)
        for v in DataValue.objects.filter(report=report).select_related("indicator")
    }


def their_mapping(keeper, report: Report) -> ExchangeMapping:  # type: ignore[no-untyped-def]
    """A mapping kept by Quân khu 2 naming the report's unit, the form and its indicators
    by made-up DHIS2 UIDs, a ratio's parts by their combos; written through the service."""
    mapping = services.mapping_create(
        by=keeper, owner_unit=report.unit.__class__.objects.get(code="QK2"), name="DHIS2 Bộ"
    )
    lines = [
        f"OU{report.unit.pk:09d},unit,{report.unit.code}",
        f"DS{report.form.pk:09d},form,{FORM}",
    ]
    for link in report.form.form_indicators.select_related("indicator"):
        indicator = link.indicator
        lines.append(
            f"DE{indicator.pk:09d},indicator,{indicator.code},CN{indicator.pk},CD{indicator.pk}"
        )
    services.mapping_rows_load(
        by=keeper,
        mapping=mapping,
        rows=services.exchange.mapping_rows_of_csv(
            "\n".join(["external_id,kind,our_code", *lines])
        ),
    )
    return mapping


def test_a_set_exported_with_a_mapping_and_imported_back_leaves_every_value_unchanged(users):
    """Given a mapping of the unit, form and indicators, the export names none of our codes
    (a ratio's parts by the partner's combos), and imported back, JSON then CSV, changes no
    value."""
    report = draft()
    before = stored(report)
    mapping = their_mapping(users["qk2.theodoi"], report)
    client = api(users["qk2.baocao"])
    query = {
        "form": FORM,
        "period": period_to_dhis2(report.period.code),
        "unit": report.unit.code,
        "mapping": mapping.pk,
    }
    exported = client.get(URL, query)
    assert exported.status_code == 200, exported.json()
    data = exported.json()
    assert data["dataSet"] == f"DS{report.form.pk:09d}"
    assert {v["orgUnit"] for v in data["dataValues"]} == {f"OU{report.unit.pk:09d}"}
    assert all(v["dataElement"].startswith("DE") for v in data["dataValues"])
    combos = {v.get("categoryOptionCombo") for v in data["dataValues"]}
    assert any(c and c.startswith("CN") for c in combos)
    assert any(c and c.startswith("CD") for c in combos)
    assert not combos & {"NUM", "DEN"}
    back = client.post(f"{URL}?mapping={mapping.pk}", data, format="json")
    assert back.status_code == 200, back.json()
    assert back.json()["values"] == len(before)
    assert stored(report) == before
    csv_text = client.get(URL, {**query, "output": "csv"}).content
    again = client.post(f"{URL}?mapping={mapping.pk}", csv_text, content_type="text/csv")
    assert again.status_code == 200, again.json()
    assert stored(report) == before
    # Our codes for units only (orgUnitIdScheme=CODE), theirs for the rest.
    mixed = client.get(URL, {**query, "orgUnitIdScheme": "CODE"}).json()
    assert {v["orgUnit"] for v in mixed["dataValues"]} == {report.unit.code}
    assert all(v["dataElement"].startswith("DE") for v in mixed["dataValues"])


def test_an_unmapped_identifier_refuses_the_set_naming_its_row(users):
    report = draft()
    mapping = their_mapping(users["qk2.theodoi"], report)
    client = api(users["qk2.baocao"])
    query = {"form": FORM, "period": report.period.code, "unit": report.unit.code}
    data = client.get(URL, {**query, "mapping": mapping.pk}).json()
    before = stored(report)
    for value in data["dataValues"]:
        value["value"] = "7"
    data["dataValues"][1]["orgUnit"] = "KhongCoUID01"
    refused = client.post(f"{URL}?mapping={mapping.pk}", data, format="json")
    assert refused.status_code == 400
    rows = refused.json()["errors"]["rows"]
    assert [(r["row"], r["column"]) for r in rows] == [(2, "orgUnit")]
    assert "KhongCoUID01" in rows[0]["message"]
    assert stored(report) == before
    # Our own codes are not their identifiers: without the mapping they are read, with it not.
    ours = client.get(URL, query).json()
    refused = client.post(f"{URL}?mapping={mapping.pk}", ours, format="json")
    assert refused.status_code == 400
    assert {r["column"] for r in refused.json()["errors"]["rows"]} >= {"orgUnit", "dataElement"}


def test_rows_are_added_all_or_nothing_with_every_bad_line_named(users):
    report = draft()
    keeper = users["qk2.theodoi"]
    mapping = their_mapping(keeper, report)
    count = mapping.rows.count()
    text = "\n".join(
        [
            "NEW1,unit,QK2",
            f"OU{report.unit.pk:09d},unit,{report.unit.code}",  # their id already there
            "NEW2,planet,QK2",
            "NEW3,unit,KHONGCO",
            "NEW4,unit,CNQP",  # another branch: as unknown
        ]
    )
    with pytest.raises(RowErrors) as refused:
        services.mapping_rows_load(
            by=keeper, mapping=mapping, rows=services.exchange.mapping_rows_of_csv(text)
        )
    assert [r["row"] for r in refused.value.rows] == [2, 3, 4, 5]
    assert "KHONGCO" in refused.value.rows[2]["message"]
    assert mapping.rows.count() == count


def test_another_branch_can_neither_see_nor_use_nor_keep_a_mapping(users):
    report = draft()
    mapping = their_mapping(users["qk2.theodoi"], report)
    other = api(users["cnqp.baocao"])
    assert other.get(f"/api/v1/exchange-mappings/{mapping.pk}/").status_code == 404
    listed = other.get("/api/v1/exchange-mappings/").json()["results"]
    assert mapping.pk not in [m["id"] for m in listed]
    used = other.get(URL, {"form": FORM, "period": report.period.code, "mapping": mapping.pk})
    assert used.status_code == 404
    posted = other.post(f"{URL}?mapping={mapping.pk}", {"dataValues": []}, format="json")
    assert posted.status_code == 404
    written = ChangeLog.objects.count()
    rows = other.post(
        f"/api/v1/exchange-mappings/{mapping.pk}/rows/", "X1,unit,CNQP", content_type="text/csv"
    )
    assert rows.status_code == 404
    assert ChangeLog.objects.count() == written
    # The reporter of the branch uses it but may not keep it.
    reporter = api(users["qk2.baocao"])
    assert reporter.get(f"/api/v1/exchange-mappings/{mapping.pk}/").status_code == 200
    refused = reporter.post(
        f"/api/v1/exchange-mappings/{mapping.pk}/rows/", "X1,unit,QK2", content_type="text/csv"
    )
    assert refused.status_code == 403
    assert ChangeLog.objects.count() == written


def test_mappings_through_the_api(users):
    keeper = api(users["qk2.theodoi"])
    created = keeper.post(
        "/api/v1/exchange-mappings/", {"name": "DHIS2 tỉnh", "owner_unit": "QK2"}, format="json"
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    loaded = keeper.post(
        f"/api/v1/exchange-mappings/{pk}/rows/",
        {"rows": [{"external_id": "abcDEF12345", "kind": "unit", "code": "QK2"}]},
        format="json",
    )
    assert loaded.status_code == 200, loaded.json()
    assert loaded.json() == {"added": 1, "removed": 0}
    detail = keeper.get(f"/api/v1/exchange-mappings/{pk}/").json()
    assert [(r["external_id"], r["code"]) for r in detail["rows"]] == [("abcDEF12345", "QK2")]
    row = detail["rows"][0]["id"]
    removed = keeper.post(
        f"/api/v1/exchange-mappings/{pk}/remove-row/", {"row": row}, format="json"
    )
    assert removed.status_code == 200 and removed.json()["rows"] == []
    assert keeper.delete(f"/api/v1/exchange-mappings/{pk}/").status_code == 204
    assert not ExchangeMapping.objects.filter(pk=pk).exists()


def test_the_schema_documents_mappings_and_schemes(admin_user):
    client = api(admin_user)
    schema = client.get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = json.loads(schema.content)["paths"]
    assert "/api/v1/exchange-mappings/{id}/rows/" in paths
    names = {p["name"] for p in paths["/api/v1/data-value-sets/"]["get"]["parameters"]}
    assert {"mapping", "idScheme", "orgUnitIdScheme", "dataElementIdScheme"} <= names
    posted = {p["name"] for p in paths["/api/v1/data-value-sets/"]["post"]["parameters"]}
    assert {"mapping", "dryRun"} <= posted


def test_the_page_previews_an_upload_and_imports_it_once_confirmed(client, users):
    """Given a file exported with the mapping and changed, the check writes nothing and
    shows the counts; confirming writes it; a file with an unmapped identifier shows its
    row."""
    report = draft()
    mapping = their_mapping(users["qk2.theodoi"], report)
    data = (
        api(users["qk2.baocao"])
        .get(
            URL,
            {
                "form": FORM,
                "period": report.period.code,
                "unit": report.unit.code,
                "mapping": mapping.pk,
            },
        )
        .json()
    )
    plain = next(v for v in data["dataValues"] if "categoryOptionCombo" not in v)
    plain["value"] = "4321"
    code = ExchangeMappingRow.objects.get(mapping=mapping, external_id=plain["dataElement"])
    before = stored(report)
    client.force_login(users["qk2.baocao"])
    page = reverse("ui:analysis_exchange")
    assert client.get(page).status_code == 200
    upload = SimpleUploadedFile("set.json", json.dumps(data).encode(), "application/json")
    preview = client.post(page, {"step": "preview", "file": upload, "mapping": mapping.pk})
    assert preview.status_code == 200
    assert preview.context["preview"]["counts"]["values"] == len(before)
    assert stored(report) == before
    token = preview.context["preview"]["held"].token
    done = client.post(page, {"step": "confirm", "token": token})
    assert done.status_code == 302
    assert stored(report)[code.indicator.code][0] == 4321
    assert not StagedDataValueSet.objects.filter(token=token).exists()
    # A second confirmation of the same token writes nothing more.
    imports = ChangeLog.objects.filter(action="values_import").count()
    again = client.post(page, {"step": "confirm", "token": token})
    assert again.status_code == 302
    assert ChangeLog.objects.filter(action="values_import").count() == imports
    plain["orgUnit"] = "KhongCoUID01"
    bad = SimpleUploadedFile("bad.json", json.dumps(data).encode(), "application/json")
    refused = client.post(page, {"step": "preview", "file": bad, "mapping": mapping.pk})
    rows = refused.context["preview"]["rows"]
    assert [(r["column"], "KhongCoUID01" in r["message"]) for r in rows] == [("orgUnit", True)]
    assert not StagedDataValueSet.objects.filter(owner=users["qk2.baocao"]).exists()


def test_the_mapping_page_takes_pasted_rows_and_refuses_another_branch(client, users, units):
    keeper = users["qk2.theodoi"]
    mapping = services.mapping_create(by=keeper, owner_unit=units["QK2"], name="Thử")
    client.force_login(keeper)
    page = reverse("ui:analysis_exchange_mapping", args=[mapping.pk])
    bad = client.post(page, {"text": "A1,unit,QK2\nA2,unit,KHONGCO"})
    assert bad.status_code == 200
    assert [r["row"] for r in bad.context["row_errors"]] == [2]
    assert mapping.rows.count() == 0
    good = client.post(page, {"text": "A1,unit,QK2\nA2;x"})
    assert good.status_code == 200  # "A2;x" has no kind: refused as a whole
    assert mapping.rows.count() == 0
    assert client.post(page, {"text": "A1,đơn vị,QK2"}).status_code == 302
    assert list(mapping.rows.values_list("external_id", "unit__code")) == [("A1", "QK2")]
    client.force_login(users["cnqp.baocao"])
    assert client.get(page).status_code == 404
    assert client.post(page, {"text": "B1,unit,CNQP"}).status_code == 404
    assert mapping.rows.count() == 1


def test_the_page_downloads_a_set_in_their_identifiers_and_is_in_the_menu(client, users):
    report = draft()
    mapping = their_mapping(users["qk2.theodoi"], report)
    client.force_login(users["qk2.baocao"])
    page = reverse("ui:analysis_exchange")
    assert f'href="{page}"' in client.get(reverse("ui:analysis")).content.decode()
    query = {
        "download": "1",
        "report_form": report.form.pk,
        "periods": period_to_dhis2(report.period.code),
        "unit": report.unit.pk,
        "mapping": mapping.pk,
        "output": "json",
    }
    response = client.get(page, query)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert {v["orgUnit"] for v in data["dataValues"]} == {f"OU{report.unit.pk:09d}"}
    csv_lines = client.get(page, {**query, "output": "csv"}).content.decode().splitlines()
    assert csv_lines[0].startswith("dataelement,period,orgunit")
    assert all(f"OU{report.unit.pk:09d}" in line for line in csv_lines[1:])
    # A unit the mapping leaves out: the page says which, and downloads nothing.
    ExchangeMappingRow.objects.filter(mapping=mapping, kind="unit").delete()
    refused = client.get(page, query)
    assert refused.status_code == 200
    assert report.unit.code in " ".join(refused.context["export_form"].errors["mapping"])
