"""The search page, the top bar and GET /api/v1/search/: allowed, denied (another branch),
escaped, paginated, documented (what can be searched named on the empty page and in the
API's description)."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.test import Client
from django.utils import translation

from tongket.core.scopes import SYSTEM
from tongket.resolutions.services import resolution_create
from tongket.search.choices import EntryKind

pytestmark = pytest.mark.django_db
_NUMBERS = itertools.count(951)
QUERY = "phong chong thien tai vung nui"


@pytest.fixture
def resolutions(units, django_capture_on_commit_callbacks):
    made = []
    with django_capture_on_commit_callbacks(execute=True):
        for index in range(23):
            made.append(
                resolution_create(
                    by=SYSTEM,
                    kind="resolution",
                    symbol=f"{next(_NUMBERS)}-NQ/ĐU",
                    confirm_issuer=True,
                    issuing_unit=units["QK2"],
                    owner_unit=units["QK2"],
                    subject=f"Về phòng, chống thiên tai vùng núi <b>đợt {index + 1}</b>",
                    issued_on=datetime.date(2023, 1, 1) + datetime.timedelta(days=index),
                )
            )
    return made


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_top_bar_leads_to_the_search_page(users):
    page = _client(users["qk2.baocao"]).get("/")
    assert b'action="/search/"' in page.content


def test_the_page_shows_ranked_marked_hits_and_units_first(users, resolutions):
    page = _client(users["qk2.baocao"]).get("/search/", {"q": "Quan khu 2"})
    assert page.status_code == 200
    assert 'data-testid="search-units"' in page.content.decode()

    page = _client(users["qk2.baocao"]).get("/search/", {"q": QUERY})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('data-testid="search-hit"') == 20
    assert "<mark>thiên</mark> <mark>tai</mark>" in html
    assert "&lt;b&gt;đợt" in html and "<b>đợt" not in html
    assert "1 / 2" in html
    second = _client(users["qk2.baocao"]).get("/search/", {"q": QUERY, "page": 2})
    assert second.content.decode().count('data-testid="search-hit"') == 3


def test_the_page_filters_by_kind_unit_and_date(users, resolutions):
    client = _client(users["qk2.baocao"])

    def hits(**params: str) -> int:
        html = client.get("/search/", {"q": QUERY, **params}).content.decode()
        return html.count('data-testid="search-hit"')

    assert hits(kind="meeting") == 0
    assert hits(kind="resolution", unit="QK2", **{"from": "05/01/2023", "to": "06/01/2023"}) == 2


def test_the_page_shows_nothing_of_another_branch(users, resolutions):
    html = _client(users["daklak.baocao"]).get("/search/", {"q": QUERY}).content.decode()
    assert 'data-testid="search-hit"' not in html
    assert "thiên tai" not in html


def test_the_page_needs_a_login(client):
    assert client.get("/search/", {"q": QUERY}).status_code == 302


def test_the_api_answers_hits_with_their_pages(users, resolutions):
    client = _client(users["qk2.baocao"])
    answer = client.get("/api/v1/search/", {"q": QUERY, "page_size": 5, "kind": "resolution"})
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert data["count"] == 23 and data["pages"] == 5 and len(data["results"]) == 5
    hit = data["results"][0]
    assert hit["kind"] == "resolution" and hit["unit"] == "QK2"
    assert hit["url"] == f"/resolutions/{hit['object_id']}/"
    assert "<mark>" in hit["title_html"] and "&lt;b&gt;" in hit["title_html"]

    other = _client(users["daklak.baocao"]).get("/api/v1/search/", {"q": QUERY}).json()
    assert other["count"] == 0 and other["results"] == []


def test_the_api_checks_its_parameters(users):
    client = _client(users["qk2.baocao"])
    assert client.get("/api/v1/search/").status_code == 400
    assert client.get("/api/v1/search/", {"q": "x", "kind": "nope"}).status_code == 400
    assert client.get("/api/v1/search/", {"q": "x", "from": "hôm qua"}).status_code == 400
    assert client.get("/api/v1/search/", {"q": "x", "unit": "KHONGCO"}).status_code == 400
    assert client.get("/api/v1/search/", {"q": "x", "page": 10**6}).status_code == 400
    assert client.get("/api/v1/search/", {"q": "x\x00 'đ\" OR *"}).status_code == 200
    # The page takes what it can read and ignores the rest.
    assert client.get("/search/", {"q": "x\x00", "page": "9" * 40}).status_code == 200


def test_the_api_is_documented(users):
    schema = _client(users["admin"]).get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    names = {p["name"] for p in paths["/api/v1/search/"]["get"]["parameters"]}
    assert {"q", "kind", "unit", "from", "to", "page", "page_size"} <= names


def test_the_empty_page_lists_every_kind_that_can_be_searched(users):
    """The page without a query names everything a search finds: units, and every kind of
    hit (indicators included), as the kind filter names them."""
    html = _client(users["qk2.baocao"]).get("/search/").content.decode()
    hint = html[html.index('data-testid="search-hint"') :]
    hint = hint[: hint.index("</div>")]
    with translation.override("vi"):
        labels = [str(label).lower() for _value, label in EntryKind.choices]
    assert "đơn vị" in hint
    for label in labels:
        assert label in hint, label
    assert "chỉ tiêu" in hint


def test_the_api_description_names_every_kind_and_the_suggestions(users):
    schema = _client(users["admin"]).get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    operation = schema.json()["paths"]["/api/v1/search/"]["get"]
    description = operation["description"].lower()
    with translation.override("en"):
        for _value, label in EntryKind.choices:
            assert str(label).lower() in description, label
    assert "indicators" in description
    assert "exact" in {p["name"] for p in operation["parameters"]}
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    fields = schema.json()["components"]["schemas"][answer.rsplit("/", 1)[-1]]["properties"]
    assert {"corrected_query", "suggestions"} <= set(fields)
