"""Who gives the awards a text counts is matched to a unit of the registry (`by_match`): by
its name, also written without diacritics; shown to the caller only when within reach
(`by_visible`). Texts written for these tests."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.intake.reading import read
from tongket.intake.reading.registry import Registry, UnitEntry
from tongket.org.models import Unit


def unit(pk: int, name: str, code: str = "") -> UnitEntry:
    return UnitEntry(pk, name, code, (code,) if code else (), name)


REGISTRY = Registry(
    units=[
        unit(7, "Bộ Tư lệnh Quân khu 2", "BTL-QK2"),
        unit(3, "Sư đoàn 316", "SD316"),
        *Registry.builtin().units,
    ]
)


def givers(text: str) -> list[tuple[str | None, int | None]]:
    return [(a["by"], a["by_match"]) for a in read(text, registry=REGISTRY)["awards"]]


def test_the_giver_is_matched_to_its_unit() -> None:
    text = "Dịp này, Bộ Tư lệnh Quân khu 2 tặng Bằng khen cho 12 tập thể và 15 cá nhân."
    assert givers(text) == [("Bộ Tư lệnh Quân khu 2", 7)]
    text = "Sư đoàn 316 tặng Giấy khen cho 5 tập thể và 9 cá nhân có thành tích xuất sắc."
    assert givers(text) == [("Sư đoàn 316", 3)]


def test_a_giver_typed_without_diacritics_is_matched() -> None:
    assert givers("Bo Tu lenh Quan khu 2 tặng Bằng khen cho 4 tập thể.") == [
        ("Bo Tu lenh Quan khu 2", 7)
    ]


def test_a_giver_the_registry_does_not_hold_is_not_matched() -> None:
    text = "Bộ Tư lệnh Quân khu 3 tặng Bằng khen cho 4 tập thể và 2 cá nhân."
    assert givers(text) == [("Bộ Tư lệnh Quân khu 3", None)]


@pytest.mark.django_db
def test_the_api_says_whether_the_caller_may_open_the_giver(users) -> None:  # type: ignore[no-untyped-def]
    division = Unit.objects.get(code="SD316")
    text = "Sư đoàn 316 tặng Giấy khen cho 5 tập thể và 9 cá nhân có thành tích xuất sắc."
    seen = {}
    for username in ("qk2.theodoi", "cnqp.baocao"):
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=users[username])
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        response = client.post("/api/v1/intake/", {"text": text}, format="json")
        assert response.status_code == 200, response.content
        (award,) = response.json()["awards"]
        seen[username] = (award["by_match"], award["by_visible"])
    # Quân khu 2's officer may open the division; another branch learns only its id.
    assert seen == {"qk2.theodoi": (division.pk, True), "cnqp.baocao": (division.pk, False)}


def test_a_giver_named_by_its_command_is_matched_to_the_unit() -> None:
    """A registry holding the military region as "Quân khu 2" (as the demo's does): the
    awards its command gives ("Bộ Tư lệnh Quân khu 2 tặng …") are matched to it; a giver
    naming no unit of the registry ("Chủ tịch UBND tỉnh") is not."""
    registry = Registry(units=[unit(9, "Quân khu 2", "QK2"), *Registry.builtin().units])
    text = (
        "Dịp này, Bộ Tư lệnh Quân khu 2 tặng Bằng khen cho 5 tập thể, 7 cá nhân; Chủ tịch "
        "UBND tỉnh tặng Bằng khen cho 10 tập thể, 15 cá nhân."
    )
    found = [(a["by"], a["by_match"]) for a in read(text, registry=registry)["awards"]]
    assert found == [("Bộ Tư lệnh Quân khu 2", 9), ("Chủ tịch UBND tỉnh", None)]
