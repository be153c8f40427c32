"""The analytics call writes its answer directly (`analytics_data`): the same JSON, field for
field and in the same order, as the serializer that documents it; and the call stays within a
fixed number of queries for a scoped reader."""

import pytest
from rest_framework.renderers import JSONRenderer

from tongket.api.serializers.reporting import AnalyticsSerializer, analytics_data
from tongket.org.models import Unit
from tongket.reporting import selectors
from tongket.reporting.models import Period
from tongket.resolutions.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "unit", "period", "children", "basis"),
    [
        ("HC01", "QK2", "2024-H1", True, None),  # a ratio, with the units below
        ("HC03", "QK2", "2024-H1", True, "approved"),  # a sum
        ("HC03", "QK2", "2024", False, None),  # a year made from its half-years
        ("HC01", "SD316-E98", "2026-H2", True, None),  # no data yet
    ],
)
def test_the_answer_written_directly_is_the_serializers(users, code, unit, period, children, basis):
    """Given a figure read by the selectors, when written directly and by the serializer,
    then the JSON is the same byte for byte."""
    indicator = Indicator.objects.select_related("resolution").get(
        code=code, resolution__symbol="623-NQ/QUTW"
    )
    at = Period.objects.get(code=period)
    overview = selectors.indicator_overview(
        user=users["qk2.theodoi"],
        indicator=indicator,
        unit=Unit.objects.get(code=unit),
        period=at,
        basis=basis,
        children=children,
    )
    data = {**overview, "indicator": indicator, "period": at}
    written = JSONRenderer().render(analytics_data(data))
    assert written == JSONRenderer().render(AnalyticsSerializer(data).data)
    assert (b'"children":' in written) is children


def test_the_root_call_of_a_scoped_reader_takes_a_fixed_number_of_queries(
    api, users, django_assert_max_num_queries
):
    """Given a tracking officer of QK2, when the figure of QK2 is asked (as the benchmark
    asks the root's), then at most 10 queries, the token and the grants included."""
    client = api(users["qk2.theodoi"])
    params = {"indicator": "HC01", "unit": "QK2", "period": "2024-H1"}
    assert client.get("/api/v1/analytics/", params).status_code == 200
    with django_assert_max_num_queries(10):
        response = client.get("/api/v1/analytics/", params)
    assert response.status_code == 200 and response.json()["count"] > 0


def test_a_drill_down_reads_the_unit_and_its_children_together(api, users):
    """Given a tracking officer of QK2, when a figure is asked with the units below (QK2's
    and a division's, which have not as many), then both take the same few queries: the
    unit and its children are read in one round."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(users["qk2.theodoi"])
    counts = {}
    for unit in ("QK2", "SD316"):
        params = {"indicator": "HC01", "unit": unit, "period": "2024-H1", "children": "true"}
        assert client.get("/api/v1/analytics/", params).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/analytics/", {**params, "basis": "approved"})
        assert len(response.json()["children"]) > 1
        counts[unit] = len(queries)
    # Eleven, the token, the grants and the indicator included.
    assert counts["QK2"] == counts["SD316"] <= 11, counts
