"""The heat map of the unit tree: each unit coloured by its subtree's report completeness or
by its targets on track, for a form and period (by default the reader's main form in its
latest open period), along today's tree or a line; scoped; with a legend; served locally.

The tree is one of the test's own making:

    HM  Bộ chỉ huy Thử nhiệt          target 60 (30 due for a half-year)
    ├── HM-A   Trung đoàn Thử A        reports, 10   target 20 (10 due)
    │   ├── HM-A1  Tiểu đoàn Thử A1    reports, 4    target 20 (10 due)
    │   ├── HM-A2  Tiểu đoàn Thử A2    reports, 6    no target
    │   └── HM-A3  Tiểu đoàn Thử A3    owes its report
    └── HM-B   Trung đoàn Thử B        owes its report,  target 20 (10 due)

Completeness: HM 3 of 5 (60 %), HM-A 3 of 4 (75 %), HM-A1 and HM-A2 100 %, HM-A3 and
HM-B 0 %. Targets: HM's subtree 20 of 30 due (behind: 0 % on track), HM-A 20 of 10
(exceeded: 100 %), HM-A1 4 of 10 (behind: 0 %), HM-B has a target and no figure yet."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.html import escape

from tongket.core.scopes import SYSTEM
from tongket.org import services as org_services
from tongket.org.choices import Line, Role, UnitKind
from tongket.org.models import Unit, User
from tongket.reporting import selectors as reporting
from tongket.reporting import services as reporting_services
from tongket.reporting.choices import Tree
from tongket.reporting.models import Period, Report
from tongket.reporting.services.reports.checks import Entry
from tongket.resolutions import services as resolution_services
from tongket.ui.views.org.heat import band

pytestmark = pytest.mark.django_db

PERIOD = "2026-H1"
NAMES = {
    "HM": "Bộ chỉ huy Thử nhiệt",
    "HM-A": "Trung đoàn Thử A",
    "HM-A1": "Tiểu đoàn Thử A1",
    "HM-A2": "Tiểu đoàn Thử A2",
    "HM-A3": "Tiểu đoàn Thử A3",
    "HM-B": "Trung đoàn Thử B",
}
PARENTS = {"HM-A": "HM", "HM-A1": "HM-A", "HM-A2": "HM-A", "HM-A3": "HM-A", "HM-B": "HM"}
VALUES = {"HM-A": 10, "HM-A1": 4, "HM-A2": 6}
TARGETS = {"HM": 60, "HM-A": 20, "HM-A1": 20, "HM-B": 20}


@pytest.fixture
def tree(db):  # type: ignore[no-untyped-def]
    """The tree above, its form HM-F opened for 2026-H1, the reports sent, the targets set."""
    units: dict[str, Unit] = {}
    for code, name in NAMES.items():
        units[code] = org_services.unit_create(
            by=SYSTEM,
            code=code,
            name=name,
            kind=UnitKind.COMMAND,
            parent=units.get(PARENTS.get(code, "")),
        )
    # Open for entry whatever today is (the demo closes a half-year 200 days after it fell
    # due: this one from January 2027).
    period = reporting_services.period_set_open(
        by=SYSTEM, period=Period.objects.get(code=PERIOD), is_open=True
    )
    resolution = resolution_services.resolution_create(
        by=SYSTEM,
        kind="plan",
        symbol="7/KH-HM",
        issuing_unit=units["HM"],
        owner_unit=units["HM"],
        subject="Kế hoạch thử bản đồ nhiệt",
        horizon_from=period.year,
        horizon_to=period.year,
    )
    indicator = resolution_services.indicator_create(
        by=SYSTEM, resolution=resolution, code="HM01", name="Số buổi huấn luyện"
    )
    for code, value in TARGETS.items():
        resolution_services.target_set(
            by=SYSTEM, indicator=indicator, unit=units[code], year=period.year, value=value
        )
    form = reporting_services.form_create(
        by=SYSTEM,
        code="HM-F",
        name="Báo cáo thử bản đồ nhiệt",
        owner_unit=units["HM"],
        period_type=period.type,
        resolution=resolution,
        indicators=[indicator],
    )
    asked = [units[code] for code in ("HM-A", "HM-A1", "HM-A2", "HM-A3", "HM-B")]
    reporting_services.form_assign(by=SYSTEM, form=form, units=asked)
    reporting_services.form_open_period(by=SYSTEM, form=form, period=period, backfill=False)
    for code, value in VALUES.items():
        report = Report.objects.get(form=form, period=period, unit=units[code])
        reporting_services.value_save(
            by=SYSTEM, report=report, indicator=indicator, entry=Entry(value=Decimal(value))
        )
        reporting_services.report_submit(by=SYSTEM, report=Report.objects.get(pk=report.pk))
    return units


def keeper(units: dict[str, Unit], code: str, username: str) -> User:
    return org_services.user_create(
        by=SYSTEM,
        username=username,
        password="x",
        unit=units[code],
        role=Role.TRACKING_OFFICER,
        check_password=False,
    )


def painted(body: str) -> dict[str, tuple[str, str]]:
    """Unit name → (band class, percentage shown) of each coloured unit of a page."""
    found = {}
    for band_class, rest in re.findall(r'data-heat="(heat-[\w-]+)"(.*?)</(?:div|li)>', body, re.S):
        name = re.search(r'<a href="/units/\d+/">([^<]+)</a>', rest)
        percent = re.search(r'data-heat-percent="(\d*)"', rest)
        assert name and percent, rest
        found[name.group(1)] = (band_class, percent.group(1))
    return found


def test_bands_cut_at_quarters_and_nothing_to_count_is_apart():
    assert [band(Decimal(v)) for v in (0, 24.9, 25, 49, 50, 74.99, 75, 99.9, 100)] == [
        "heat-0",
        "heat-0",
        "heat-1",
        "heat-1",
        "heat-2",
        "heat-2",
        "heat-3",
        "heat-3",
        "heat-4",
    ]
    assert band(None) == "heat-none"


def test_the_tree_is_coloured_by_completeness_of_the_main_form_in_its_latest_open_period(
    client, tree
):
    """Given the keeper of HM, when they open the unit tree, then the default is HM-F in
    2026-H1, and HM and its children show their subtree's share of reports received, in
    the band of that share, with a legend and the stylesheet served locally."""
    client.force_login(keeper(tree, "HM", "hm.theodoi"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/units/")
    assert page.status_code == 200
    heat = page.context["heat"]
    assert (heat.form.code, heat.period.code, heat.measure) == ("HM-F", PERIOD, "completeness")
    body = page.content.decode()
    assert painted(body) == {NAMES["HM"]: ("heat-2", "60")}
    assert "3 of 5 reports received" in body and "60 %" in body
    assert 'data-testid="heat-legend"' in body
    for css in ("heat-0", "heat-1", "heat-2", "heat-3", "heat-4", "heat-none"):
        assert f"heat-swatch {css}" in body
    # The colours are a stylesheet of the project's own, no CDN.
    assert "/static/css/org-heat.css" in body and finders.find("css/org-heat.css")
    assert not re.search(r'(href|src)="https?://', body)
    # Expanding HM keeps the colours: its children, each by its own subtree.
    toggle = re.search(rf'data-url="(/units/{tree["HM"].pk}/children/[^"]*)"', body)
    assert toggle, body
    children = client.get(toggle.group(1).replace("&amp;", "&")).content.decode()
    assert painted(children) == {
        NAMES["HM-A"]: ("heat-3", "75"),
        NAMES["HM-B"]: ("heat-0", "0"),
    }
    below = client.get(
        f"/units/{tree['HM-A'].pk}/children/?heat=completeness&form=HM-F&period={PERIOD}"
    ).content.decode()
    assert painted(below) == {
        NAMES["HM-A1"]: ("heat-4", "100"),
        NAMES["HM-A2"]: ("heat-4", "100"),
        NAMES["HM-A3"]: ("heat-0", "0"),
    }


def test_the_shares_are_those_of_the_completeness_selector(client, tree):
    """Given the same tree, then each share shown is the completeness the reporting
    selectors give for the unit's subtree (nothing is counted twice)."""
    officer = keeper(tree, "HM", "hm.theodoi")
    client.force_login(officer)
    period = Period.objects.get(code=PERIOD)
    form = reporting.form_by_code(user=officer, code="HM-F")
    for code, parent in PARENTS.items():
        body = client.get(
            f"/units/{tree[parent].pk}/children/?heat=completeness&form=HM-F&period={PERIOD}"
        ).content.decode()
        counts = reporting.completeness(
            user=officer, unit=tree[code], period=period, forms=[form], tree=Tree.TODAY
        )
        expected = round(counts["completeness"])
        assert painted(body)[NAMES[code]] == (band(counts["completeness"]), str(expected))


def test_switched_to_targets_on_track(client, tree):
    """Given the same tree, when the keeper colours it by targets, then HM is behind (0 %),
    HM-A exceeded (100 %), HM-A1 behind (0 %), and HM-B, with a target and no figure yet,
    has nothing to judge and says so."""
    client.force_login(keeper(tree, "HM", "hm.theodoi"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    query = f"heat=progress&form=HM-F&period={PERIOD}"
    body = client.get(f"/units/?{query}").content.decode()
    assert painted(body) == {NAMES["HM"]: ("heat-0", "0")}
    children = client.get(f"/units/{tree['HM'].pk}/children/?{query}").content.decode()
    assert painted(children) == {NAMES["HM-A"]: ("heat-4", "100"), NAMES["HM-B"]: ("heat-none", "")}
    assert "No target with a figure to judge; 1 without a figure yet" in children
    assert "1 of 1 target on track" in children
    below = client.get(f"/units/{tree['HM-A'].pk}/children/?{query}").content.decode()
    found = painted(below)
    assert found[NAMES["HM-A1"]] == ("heat-0", "0")
    assert found[NAMES["HM-A2"]] == ("heat-none", "")  # a figure, but no target
    # And colours can be switched off.
    plain = client.get(f"/units/?heat=off&form=HM-F&period={PERIOD}").content.decode()
    assert painted(plain) == {} and 'data-testid="heat-legend"' not in plain
    assert 'data-testid="heat-controls"' in plain


def test_a_scoped_reader_sees_only_their_units_and_their_share(client, tree):
    """Given a tracking officer of HM-A only, when they open the tree, then it starts at
    HM-A, coloured 75 % (its subtree only), and neither HM nor HM-B appears, nor does any
    page of HM's other children answer them."""
    client.force_login(keeper(tree, "HM-A", "hma.theodoi"))
    body = client.get("/units/").content.decode()
    assert painted(body) == {NAMES["HM-A"]: ("heat-3", "75")}
    for hidden in ("HM", "HM-B"):
        assert escape(NAMES[hidden]) not in body
    assert client.get(f"/units/{tree['HM'].pk}/children/?heat=completeness").status_code == 404
    below = client.get(
        f"/units/{tree['HM-A'].pk}/children/?heat=completeness&form=HM-F&period={PERIOD}"
    ).content.decode()
    assert set(painted(below)) == {NAMES["HM-A1"], NAMES["HM-A2"], NAMES["HM-A3"]}
    # A form outside their reach is not found, as everywhere.
    outside = org_services.unit_create(by=SYSTEM, code="HM-X", name="Đơn vị ngoài", parent=None)
    reporting_services.form_create(
        by=SYSTEM, code="HM-X-F", name="Mẫu ngoài", owner_unit=outside, period_type="half_year"
    )
    assert client.get("/units/?form=HM-X-F").status_code == 404


def test_a_line_is_coloured_along_the_line(client, tree):
    """Given HM-B placed under HM-A in the State line, when the keeper of HM browses the
    State line, then HM-A counts HM-B's report too (3 of 5: 60 %), as the completeness
    along that line says."""
    for code in ("HM-A", "HM-B"):
        org_services.unit_line_set(
            by=SYSTEM,
            unit=tree[code],
            line=Line.STATE,
            superior=tree["HM-A"] if code == "HM-B" else None,
            valid_from=None,
        )
    officer = keeper(tree, "HM", "hm.theodoi")
    client.force_login(officer)
    page = client.get(f"/units/?line=state&form=HM-F&period={PERIOD}")
    found = painted(page.content.decode())
    assert found == {NAMES["HM-A"]: ("heat-2", "60"), NAMES["HM-B"]: ("heat-0", "0")}
    # As the completeness selector counts along the line, unit by unit.
    period = Period.objects.get(code=PERIOD)
    form = reporting.form_by_code(user=officer, code="HM-F")
    for row in page.context["line_tree"]:
        counts = reporting.completeness(
            user=officer, unit=row["unit"], period=period, forms=[form], tree=Tree.STATE
        )
        assert (row["unit"].heat["of"], row["unit"].heat["counted"]) == (
            counts["expected"],
            counts["received"],
        )


def test_the_tree_keeps_a_bounded_number_of_queries_with_colours(
    client, tree, django_assert_max_num_queries
):
    client.force_login(keeper(tree, "HM", "hm.theodoi"))
    with django_assert_max_num_queries(25):
        assert client.get("/units/").status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(f"/units/{tree['HM'].pk}/children/?heat=completeness").status_code == 200


# --- Targets on track along a line, for the whole line at once --------------------------------


def _old_parts_line(units, period_ids, indicator_ids, basis, line, day):  # type: ignore[no-untyped-def]
    """The computation the heat map made before it read a line in bulk: one aggregate
    query per unit over the values of the units it reaches in the line (the oracle)."""
    from tongket.reporting.models import DataValue
    from tongket.reporting.selectors import parts
    from tongket.reporting.services.rollups import BASIS_STATES

    found = {}
    reach_of = parts.line_reach_paths(units, line=line, day=day)
    for unit in units:
        rows = (
            DataValue.objects.filter(
                parts.reach_q(reach_of[unit.pk]),
                period_id__in=period_ids,
                indicator_id__in=indicator_ids,
                report__state__in=BASIS_STATES[parts.Basis(basis)],
                value__isnull=False,
            )
            .values("indicator_id", "period_id")
            .annotate(**parts._PART_SUMS)
        )
        for row in rows:
            found[(unit.pk, row["indicator_id"], row["period_id"])] = parts._parts_of(row)
    return found


def two_lines(units: dict[str, Unit]) -> None:
    """The State line: HM-A, under it HM-B, under HM-B HM-A1 (which HM-A's own subtree holds
    already). The Party line: HM-B, under it HM-A (and so HM-A's subtree), and HM-A2 as a
    second superior's subordinate (dual subordination, counted once)."""
    place = [
        (Line.STATE, "HM-A", None, True),
        (Line.STATE, "HM-B", "HM-A", True),
        (Line.STATE, "HM-A1", "HM-B", True),
        (Line.PARTY, "HM-B", None, True),
        (Line.PARTY, "HM-A", "HM-B", True),
        (Line.PARTY, "HM-A2", "HM-B", True),
    ]
    for line, code, superior, primary in place:
        org_services.unit_line_set(
            by=SYSTEM,
            unit=units[code],
            line=line,
            superior=units[superior] if superior else None,
            valid_from=None,
            primary=primary,
        )


def test_targets_on_track_along_two_lines_equal_the_per_unit_computation(client, tree, monkeypatch):
    """Given the tree placed in the State and the Party lines, when the keeper colours each
    line by targets on track, then every unit's figures (what is counted, of what, the
    share) are those the per-unit computation gives, and the lines do change them (HM-B
    reaches HM-A's 20 in the Party line: 100 %, where today's tree has no figure for it)."""
    from tongket.reporting.selectors import parts

    two_lines(tree)
    client.force_login(keeper(tree, "HM", "hm.theodoi"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    heats: dict[str, dict[str, dict]] = {}
    for line in (Line.STATE, Line.PARTY, Line.COMMAND):
        url = f"/units/?line={line}&heat=progress&form=HM-F&period={PERIOD}"
        page = client.get(url)
        bulk = {row["unit"].code: row["unit"].heat for row in page.context["line_tree"]}
        with monkeypatch.context() as patched:
            patched.setattr(parts, "_parts_line", _old_parts_line)
            old = client.get(url)
        each = {row["unit"].code: row["unit"].heat for row in old.context["line_tree"]}
        assert bulk == each and len(bulk) >= 3, line
        heats[line] = bulk
    assert (heats[Line.PARTY]["HM-B"]["counted"], heats[Line.PARTY]["HM-B"]["of"]) == (1, 1)
    assert heats[Line.PARTY]["HM-B"]["band"] == "heat-4"
    # In the State line HM-A reaches HM-B (nothing reported) and, through it, HM-A1 again:
    # HM-A1's 4 counts once, 20 of 10 due, exceeded.
    assert heats[Line.STATE]["HM-A"]["percent"] == 100


def test_the_parts_of_a_line_read_in_bulk_equal_those_read_unit_by_unit(tree):
    from tongket.reporting.choices import Basis
    from tongket.reporting.selectors import parts

    two_lines(tree)
    period = Period.objects.get(code=PERIOD)
    form = reporting.form_by_code(user=SYSTEM, code="HM-F")
    indicator_ids = [indicator.pk for indicator in reporting.form_indicators(form=form)]
    units = list(tree.values())
    for line in (Line.STATE, Line.PARTY, Line.COMMAND):
        args = (units, [period.pk], indicator_ids, Basis.SUBMITTED, line, period.end)
        bulk, each = parts._parts_line(*args), _old_parts_line(*args)
        assert bulk == each and bulk, line


def test_targets_on_track_along_a_line_take_the_same_queries_for_more_units(client, tree):
    """Given the State line of the tree, when four more units with their reports and
    targets join it, then colouring the line by targets on track takes the same number of
    queries (it took one more per unit)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    two_lines(tree)
    client.force_login(keeper(tree, "HM", "hm.theodoi"))
    url = f"/units/?line=state&heat=progress&form=HM-F&period={PERIOD}"

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url)
        assert page.status_code == 200
        return len(captured), len(page.context["line_tree"])

    before, shown = count()
    period = Period.objects.get(code=PERIOD)
    form = reporting.form_by_code(user=SYSTEM, code="HM-F")
    indicator = reporting.form_indicators(form=form)[0]
    for index in range(4):
        unit = org_services.unit_create(
            by=SYSTEM,
            code=f"HM-N{index}",
            name=f"Tiểu đoàn Thử N{index}",
            kind=UnitKind.COMMAND,
            parent=tree["HM-B"],
        )
        org_services.unit_line_set(
            by=SYSTEM, unit=unit, line=Line.STATE, superior=tree["HM-B"], valid_from=None
        )
        resolution_services.target_set(
            by=SYSTEM, indicator=indicator, unit=unit, year=period.year, value=8
        )
        reporting_services.form_assign(by=SYSTEM, form=form, units=[unit])
        report = Report.objects.get(form=form, period=period, unit=unit)
        reporting_services.value_save(
            by=SYSTEM, report=report, indicator=indicator, entry=Entry(value=Decimal(index + 3))
        )
        reporting_services.report_submit(by=SYSTEM, report=Report.objects.get(pk=report.pk))
    after, more = count()
    assert more == shown + 4
    assert after == before


def test_targets_on_track_open_on_the_latest_period_with_reports_received(client, tree):
    """A later period opened and nothing received yet: by completeness the map opens on it
    (who is late), by targets on the period the figures are in."""
    later = Period.objects.filter(type=Period.objects.get(code=PERIOD).type, code__gt=PERIOD)
    later = later.order_by("sort_key").first()
    form = reporting.form_by_code(user=SYSTEM, code="HM-F")
    reporting_services.form_open_period(by=SYSTEM, form=form, period=later, backfill=False)
    client.force_login(keeper(tree, "HM", "hm.theodoi"))
    by_reports = client.get("/units/?heat=completeness&form=HM-F").context["heat"]
    assert by_reports.period.code == later.code
    by_targets = client.get("/units/?heat=progress&form=HM-F").context["heat"]
    assert by_targets.period.code == PERIOD
