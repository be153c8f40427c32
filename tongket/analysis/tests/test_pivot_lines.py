"""The pivot's unit picker by line: a tab for the organisation tree and one per line holding the
reader's own units there under their superiors; a pivot grouped along a line rolls each
unit's figure up the line's links."""

from decimal import Decimal

import pytest

from tongket.core.scopes import SYSTEM
from tongket.org import services as org_services
from tongket.org.choices import Line
from tongket.org.models import Unit
from tongket.reporting import selectors as reporting_selectors
from tongket.reporting.choices import Tree
from tongket.reporting.models import Period
from tongket.resolutions.models import Indicator

pytestmark = pytest.mark.django_db


def codes(entries) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    return [(entry["unit"].code, entry["depth"]) for entry in entries]


def picker(client, user, bound=None) -> dict[str, list[tuple[str, int]]]:  # type: ignore[no-untyped-def]
    client.force_login(user)
    if bound is None:
        page = client.get("/analysis/")
    else:
        with bound(25):  # the tree and each line: two queries each, whatever their size
            page = client.get("/analysis/")
    assert page.status_code == 200
    return {entry["line"]: codes(entry["units"]) for entry in page.context["line_choices"]}


@pytest.fixture
def divisions_in_the_party_line(units):  # type: ignore[no-untyped-def]
    """Sư đoàn 316 and 355 placed under Đảng ủy Quân khu 2 in the Party line."""
    for code in ("SD316", "SD355"):
        org_services.unit_line_set(
            by=SYSTEM, unit=units[code], line=Line.PARTY, superior=units["DU-QK2"], valid_from=None
        )


def test_each_line_lists_only_my_units_under_their_superiors(
    client, users, django_assert_max_num_queries
):
    """Given QK2's tracking officer, when they open the pivot, then the picker has a tab for
    the Party line (Đảng ủy QK2) and one for the command line (QK2, its divisions and their
    regiments below them), none for the State line where they have no unit, and nothing of
    another branch."""
    found = picker(client, users["qk2.theodoi"], django_assert_max_num_queries)
    assert list(found) == [Line.PARTY, Line.COMMAND]
    assert found[Line.PARTY] == [("DU-QK2", 0)]
    command = dict(found[Line.COMMAND])
    assert command["QK2"] == 0 and command["SD316"] == 1 and command["SD316-E98"] == 2
    assert not {"QK5", "Z111", "BQP", "DU-QK5"} & set(command)

    reporter = picker(client, users["cnqp.baocao"])
    assert "QK2" not in dict(reporter.get(Line.COMMAND, []))


def test_the_tab_of_the_chosen_line_is_open_and_only_its_list_is_sent(client, users):
    client.force_login(users["qk2.theodoi"])
    body = client.get("/analysis/", {"tree": "party"}).content.decode()
    assert client.get("/analysis/", {"tree": "party"}).context["picker_line"] == Line.PARTY
    assert 'data-testid="unit-lines"' in body
    party = body.split('data-testid="units-party"')[1].split("</select>")[0]
    command = body.split('data-testid="units-command"')[1].split("</select>")[0]
    tree = body.split('id="p-units-tree"')[1].split("</select>")[0]
    assert " disabled" not in party.split(">")[1]
    assert " disabled" in command.split("<option")[0] and " disabled" in tree.split("<option")[0]
    assert client.get("/analysis/").context["picker_line"] == ""


def test_a_pivot_along_the_party_line_rolls_up_its_links(
    client, users, units, divisions_in_the_party_line
):
    """Given the divisions under Đảng ủy QK2 in the Party line, when QK2's tracking officer
    shows HC03 for Đảng ủy QK2 grouped along the Party line, then its figure is the sum of the
    two divisions' figures (it has no value of its own in the tree); its units directly below
    in that line are the divisions; grouped on the tree it has no figure."""
    officer = users["qk2.theodoi"]
    assert dict(picker(client, officer)[Line.PARTY]) == {"DU-QK2": 0, "SD316": 1, "SD355": 1}
    hc03 = Indicator.objects.get(code="HC03", resolution__symbol="623-NQ/QUTW")
    period = Period.objects.get(code="2025-H2")

    def shown(**changes):  # type: ignore[no-untyped-def]
        data = {
            "shown": "1",
            "indicators": [hc03.pk],
            "units": [units["DU-QK2"].pk],
            "unit_level": "self",
            "periods": [period.code],
            "rows": "unit",
            "columns": "period",
            "tree": "party",
            **changes,
        }
        response = client.get("/analysis/", data)
        assert response.status_code == 200, response.context.get("errors")
        return response.context["table"]

    def figure(code: str) -> Decimal:
        row = reporting_selectors.figures(
            user=officer, unit=units[code], period=period, indicators=[hc03], tree=Tree.THEN
        )[0]
        return row.value

    expected = figure("SD316") + figure("SD355")
    assert expected
    along = shown()
    assert along.cells[0][0].value == expected
    below = shown(unit_level="children")
    assert [header.item("unit").code for header in below.rows] == ["SD316", "SD355"]
    assert shown(tree="then").cells[0][0].value is None
    assert Unit.objects.get(code="DU-QK2").home_line == Line.PARTY
