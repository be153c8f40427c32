"""The reporting API's lists, details and figures take a bounded number of queries, and the
schema documents every endpoint with tags and no warnings."""

import pytest
from django.core.management import call_command

from tongket.api.tests.reporting.helpers import FORM, draft
from tongket.reporting.models import ReportForm

pytestmark = pytest.mark.django_db


# --- Queries and the schema ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/periods/",
        "/api/v1/report-forms/",
        "/api/v1/reports/",
        "/api/v1/reports/?form=BC6T-623-QK2&state=approved",
        "/api/v1/data-values/",
        "/api/v1/data-values/?unit=SD316-E98",
    ],
)
def test_lists_take_a_bounded_number_of_queries(api, users, path, django_assert_max_num_queries):
    """Given full pages, when a list is read, then the number of queries does not grow with
    the page."""
    client = api(users["bqp.theodoi"])
    client.get(path)
    with django_assert_max_num_queries(8):
        response = client.get(path, {"page_size": 200} if "?" not in path else None)
    assert response.status_code == 200 and response.json()["count"] > 0


def test_details_and_figures_take_a_bounded_number_of_queries(
    api, users, django_assert_max_num_queries
):
    """Given a report and a form, when read with their rows, and a figure with its children,
    then a fixed number of queries (the children: a few per child)."""
    client = api(users["qk2.duyet"])
    report = draft("SD316-E98")
    form = ReportForm.objects.get(code=FORM)
    with django_assert_max_num_queries(20):
        assert client.get(f"/api/v1/reports/{report.pk}/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/api/v1/report-forms/{form.pk}/").status_code == 200
    params = {"indicator": "HC03", "resolution": "623-NQ/QUTW", "unit": "QK2", "period": "2024-H1"}
    with django_assert_max_num_queries(20):
        assert client.get("/api/v1/analytics/", params).status_code == 200


def test_the_schema_documents_every_endpoint_with_tags_and_no_warnings(client, admin_user):
    """Given the API, when its OpenAPI schema is generated, then it validates without a
    warning and every resource is there under its tag."""
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    client.force_login(admin_user)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    tags = {
        tag
        for path in schema["paths"].values()
        for op in path.values()
        for tag in op.get("tags", [])
    }
    assert tags >= {
        "resolutions",
        "objectives",
        "indicators",
        "targets",
        "assignments",
        "periods",
        "report-forms",
        "reports",
        "data-values",
        "analytics",
    }
    for path in (
        "/api/v1/resolutions/{id}/import/",
        "/api/v1/reports/{id}/return/",
        "/api/v1/data-values/",
        "/api/v1/analytics/",
        "/api/v1/completeness/",
        "/api/v1/targets/cascade/",
    ):
        assert path in schema["paths"], path
