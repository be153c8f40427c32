"""Scope sweeps per kind of grant: for a grant along each line (Party, command, State), a grant
that also reaches the body a committee leads, and a plain grant, every list of the API and
every list page is read as a user holding only that grant, and nothing of a unit outside what
the grant reaches appears: neither a unit of the organisation built here (three lines whose
superiors differ from the organisation tree) nor anything of the demo.

The organisation (tree → lines):

    SW-QK   Quân khu Quét                    command line: top
    ├── SW-BCH  Bộ chỉ huy Quét Tỉnh         command: under SW-QK; State: under SW-UB
    │   ├── SW-BAN   Ban chỉ huy Quét Huyện  command: under SW-BCH
    │   └── SW-DUQS  Đảng ủy Quét Tỉnh       Party: under SW-TU; leads SW-BCH
    └── SW-SD   Sư đoàn Quét                 command: under SW-QK (nobody's here)
    SW-TU   Tỉnh ủy Quét                     Party line: top
    └── SW-HU   Huyện ủy Quét                Party: under SW-TU
    SW-UB   Ủy ban Quét Tỉnh                 State line: top
    └── SW-UBH  Ủy ban Quét Huyện            State: under SW-UB
        └── SW-DQ   Đại đội Dân quân Quét    command: under SW-BAN (tree: under SW-UBH)

What each grant reaches is worked out here by its own walk (the oracle), not by
`core.scopes`: the granted unit's subtree, the subtree of every unit below it in the grant's
line, and the subtree of the body the committee leads where the grant says so. A resolution
or a form kept above the granted unit may name its keeper (documents issued higher up reach
down, as in test_scope_api.py); nothing else may, and nothing kept above a unit reached
only along a line (the leak these sweeps found: the Party line's officer read the plans of
the command the committee sits under, and of the military region above it)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.awards.models import AwardAuthority, AwardForm
from tongket.core.scopes import SYSTEM
from tongket.core.testing.urls import iter_patterns
from tongket.meetings import services as meeting_services
from tongket.org import services as org_services
from tongket.org.choices import Line, Role, UnitKind
from tongket.org.models import Person, Unit, UnitLine, User
from tongket.reporting import services as reporting_services
from tongket.reporting.models import FormAssignment, Period
from tongket.resolutions import services as resolution_services

pytestmark = pytest.mark.django_db

# code → (name, kind, tree parent, superior in its own line when not the tree's)
ORGANISATION = {
    "SW-QK": ("Quân khu Quét", UnitKind.COMMAND, None, None),
    "SW-BCH": ("Bộ chỉ huy Quét Tỉnh", UnitKind.COMMAND, "SW-QK", None),
    "SW-BAN": ("Ban chỉ huy Quét Huyện", UnitKind.COMMAND, "SW-BCH", None),
    "SW-SD": ("Sư đoàn Quét", UnitKind.COMMAND, "SW-QK", None),
    "SW-TU": ("Tỉnh ủy Quét", UnitKind.PARTY_COMMITTEE, None, None),
    "SW-HU": ("Huyện ủy Quét", UnitKind.PARTY_COMMITTEE, "SW-TU", None),
    "SW-DUQS": ("Đảng ủy Quét Tỉnh", UnitKind.PARTY_COMMITTEE, "SW-BCH", "SW-TU"),
    "SW-UB": ("Ủy ban Quét Tỉnh", UnitKind.LOCALITY, None, None),
    "SW-UBH": ("Ủy ban Quét Huyện", UnitKind.LOCALITY, "SW-UB", None),
    "SW-DQ": ("Đại đội Dân quân Quét", UnitKind.COMMAND, "SW-UBH", "SW-BAN"),
}
# One person kept at each unit, named after nothing else.
PEOPLE = {
    "SW-QK": "Âu Thị Quét Một",
    "SW-BCH": "Âu Thị Quét Hai",
    "SW-BAN": "Âu Thị Quét Ba",
    "SW-SD": "Âu Thị Quét Bốn",
    "SW-TU": "Âu Thị Quét Năm",
    "SW-HU": "Âu Thị Quét Sáu",
    "SW-DUQS": "Âu Thị Quét Bảy",
    "SW-UB": "Âu Thị Quét Tám",
    "SW-UBH": "Âu Thị Quét Chín",
    "SW-DQ": "Âu Thị Quét Mười",
}
# Each kind of grant: (unit, line, reaches the body the committee leads).
GRANTS = {
    "party line": ("SW-TU", Line.PARTY, False),
    "command line": ("SW-BCH", Line.COMMAND, False),
    "state line": ("SW-UB", Line.STATE, False),
    "leads": ("SW-DUQS", "", True),
    "plain": ("SW-TU", "", False),
}
# What each reaches, said by hand (the oracle below must agree: a check of the oracle).
REACHED = {
    "party line": {"SW-TU", "SW-HU", "SW-DUQS"},
    "command line": {"SW-BCH", "SW-BAN", "SW-DUQS", "SW-DQ"},
    "state line": {"SW-UB", "SW-UBH", "SW-DQ", "SW-BCH", "SW-BAN", "SW-DUQS"},
    "leads": {"SW-DUQS", "SW-BCH", "SW-BAN"},
    "plain": {"SW-TU", "SW-HU"},
}
PERIOD = "2026-H1"
# Keys of an API record that name the unit the record belongs to.
DATA_KEYS = {
    "unit",
    "code",
    "units",
    "lead_unit",
    "owner_unit",
    "issuing_unit",
    "coordinating_units",
    "host_unit",
    "assignee",
    "proposing_unit",
    "issuer",
}
# Records kept above the granted unit that may name their keeper (a resolution or a form
# issued higher up reaches down): route → keys.
KEPT_ABOVE = {
    "/api/v1/resolutions/": {"owner_unit", "issuing_unit"},
    "/api/v1/report-forms/": {"owner_unit"},
}
# A form asked of a reached unit names the body that collects it, wherever that sits (the
# unit must know whom it reports to): route → key.
COLLECTED_BY = {"/api/v1/report-forms/": "owner_unit"}
# Lists that need parameters to say anything (an empty or refused answer shows nothing).
LIST_QUERIES: dict[str, dict[str, Any]] = {
    "/api/v1/completeness/": {"unit": "SW-BCH", "period": PERIOD},
    "/api/v1/search/": {"q": "quét", "page_size": 100},
    "/api/v1/data-value-sets/": {"form": "SW-F-QK", "period": PERIOD, "unit": "SW-BCH"},
}
# Pages that are no list: sign-in and out, the language, the switch of unit (POST only).
NOT_LIST_PAGES = {"ui:login", "ui:logout", "ui:login_code", "ui:unit_switch"}
# The list pages read with a query as well (a search, each line of the tree).
PAGE_QUERIES = [
    "/units/?q=quet",
    "/units/?line=party",
    "/units/?line=command",
    "/units/?line=state",
    "/units/?heat=progress",
    "/people/?q=au+thi",
    "/search/?q=quet",
    "/units/lookup/?q=quet",
    "/resolutions/?q=quet",
]


@pytest.fixture
def organisation(db) -> dict[str, Unit]:  # type: ignore[no-untyped-def]
    """The units above in their lines, a person at each, a resolution and a meeting with a
    task at each, and a form per top unit asked of its tree with the reports of 2026-H1."""
    units: dict[str, Unit] = {}
    for code, (name, kind, parent, superior) in ORGANISATION.items():
        units[code] = org_services.unit_create(
            by=SYSTEM,
            code=code,
            name=name,
            kind=kind,
            parent=units[parent] if parent else None,
            superior_in_line=units[superior] if superior else None,
        )
    org_services.unit_update(by=SYSTEM, unit=units["SW-DUQS"], linked_unit=units["SW-BCH"])
    org_services.unit_line_set(
        by=SYSTEM, unit=units["SW-BCH"], line=Line.STATE, superior=units["SW-UB"], valid_from=None
    )
    # Open for entry whatever today is (the demo closes a half-year 200 days after it fell
    # due: this one from January 2027).
    period = reporting_services.period_set_open(
        by=SYSTEM, period=Period.objects.get(code=PERIOD), is_open=True
    )
    day = datetime.date(period.year, 3, 1)
    for number, (code, unit) in enumerate(units.items(), start=1):
        org_services.person_create(by=SYSTEM, full_name=PEOPLE[code], unit=unit)
        resolution_services.resolution_create(
            by=SYSTEM,
            kind="plan",
            symbol=f"{number}/KH-{code}",
            issuing_unit=unit,
            owner_unit=unit,
            subject=f"Kế hoạch thử số {number}",
            horizon_from=period.year,
            horizon_to=period.year,
        )
        meeting = meeting_services.meeting_create(
            by=SYSTEM,
            host_unit=unit,
            kind="working_session",
            title=f"Hội nghị thử số {number}",
            date=day,
        )
        conclusion = meeting_services.conclusion_add(by=SYSTEM, meeting=meeting, text="Kết luận")
        meeting_services.task_add(
            by=SYSTEM, conclusion=conclusion, title=f"Việc thử số {number}", assignee=unit
        )
    for top in ("SW-QK", "SW-TU", "SW-UB"):
        form = reporting_services.form_create(
            by=SYSTEM,
            code=f"SW-F-{top.removeprefix('SW-')}",
            name=f"Báo cáo thử {top.removeprefix('SW-')}",
            owner_unit=units[top],
            period_type=period.type,
        )
        asked = [u for u in units.values() if u.path.startswith(units[top].path)]
        reporting_services.form_assign(by=SYSTEM, form=form, units=asked)
        reporting_services.form_open_period(by=SYSTEM, form=form, period=period, backfill=False)
    return {code: Unit.objects.get(pk=unit.pk) for code, unit in units.items()}


def reached_by(unit: Unit, line: str, reaches_led: bool) -> set[int]:
    """The oracle: the ids of the units a grant on `unit` reaches, by its own walk."""
    today = datetime.date.today()
    heads = {unit.pk}
    if line:
        rows = [
            (row.unit_id, row.superior_id)
            for row in UnitLine.objects.filter(line=line, superior__isnull=False)
            if row.valid_on(today)
        ]
        frontier = [unit.pk]
        while frontier:
            current = frontier.pop()
            for below, above in rows:
                if above == current and below not in heads:
                    heads.add(below)
                    frontier.append(below)
    if reaches_led and unit.linked_unit_id:
        heads.add(unit.linked_unit_id)
    paths = [u.path for u in Unit.objects.filter(pk__in=heads)]
    return {u.pk for u in Unit.objects.all() if any(u.path.startswith(p) for p in paths)}


def officer_of(kind: str, units: dict[str, Unit]) -> tuple[User, set[str], set[str]]:
    """A tracking officer holding only the grant of `kind`; the codes of the units it
    reaches, and of those above the unit it names (or the body the committee leads): not
    above the units reached along a line."""
    code, line, reaches_led = GRANTS[kind]
    user = org_services.user_create(
        by=SYSTEM,
        username=f"sweep.{kind.replace(' ', '-')}",
        password="x",
        unit=units[code],
        role=Role.TRACKING_OFFICER,
        check_password=False,
        line=line,
        reaches_led=reaches_led,
    )
    reached = reached_by(units[code], line, reaches_led)
    codes = set(Unit.objects.filter(pk__in=reached).values_list("code", flat=True))
    assert codes == REACHED[kind], kind
    held = [units[code], *([units[code].linked_unit] if reaches_led else [])]
    above = {ancestor for u in held if u is not None for ancestor in u.ancestor_ids} - reached
    return user, codes, set(Unit.objects.filter(pk__in=above).values_list("code", flat=True))


def _walk(data: Any, key: str = "") -> list[tuple[str, Any]]:
    if isinstance(data, dict):
        return [pair for k, v in data.items() for pair in _walk(v, k)]
    if isinstance(data, list):
        return [pair for item in data for pair in _walk(item, key)]
    return [(key, data)]


def api_lists() -> list[str]:
    return [
        "/" + route.replace("^", "").replace("$", "")
        for route, name, pattern in iter_patterns()
        if route.startswith("api/v1/")
        and name != "api-root"
        and "(?P<" not in route
        and "<" not in route
        and "get" in getattr(pattern.callback, "actions", {"get": "list"})
    ]


def page_lists() -> list[str]:
    return [
        "/" + route
        for route, name, _pattern in iter_patterns()
        if name.startswith("ui:") and "<" not in route and name not in NOT_LIST_PAGES
    ]


@pytest.mark.parametrize("kind", list(GRANTS))
def test_every_api_list_shows_only_what_the_grant_reaches(organisation, kind):
    """Given a tracking officer granted only as `kind` says, when they read every list of
    the API in full, then every unit a record belongs to is one the grant reaches (a
    resolution or form kept above may name its keeper), and what they reach is there."""
    user, allowed, above = officer_of(kind, organisation)
    outside = set(Unit.objects.values_list("code", flat=True)) - allowed
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    collectors = set(
        FormAssignment.objects.filter(unit__code__in=allowed).values_list(
            "form__owner_unit__code", flat=True
        )
    )
    lists = api_lists()
    assert len(lists) >= 30
    leaks = []
    for path in lists:
        response = client.get(path, LIST_QUERIES.get(path, {"page_size": 500}))
        assert response.status_code < 500, (path, response.status_code)
        if response.status_code != 200 or not response.content:
            continue
        for key, value in _walk(response.json()):
            if key not in DATA_KEYS or value not in outside:
                continue
            if key in KEPT_ABOVE.get(path, set()) and value in above:
                continue
            if key == COLLECTED_BY.get(path) and value in collectors:
                continue
            leaks.append((path, key, value))
    assert not leaks, f"{kind}: {leaks[:10]}"
    # The walk read real records: the units, people and reports the grant reaches.
    units = client.get("/api/v1/units/", {"page_size": 500}).json()
    assert {row["code"] for row in units["results"]} == allowed
    people = client.get("/api/v1/people/", {"page_size": 500}).json()
    assert {row["unit"] for row in people["results"]} == allowed
    reports = client.get("/api/v1/reports/", {"page_size": 500}).json()
    assert {row["unit"] for row in reports["results"]} == allowed


@pytest.mark.parametrize("kind", list(GRANTS))
def test_every_list_page_shows_only_what_the_grant_reaches(organisation, kind):
    """Given the same officer, when they open every page without a parameter (and the tree
    of each line, searches), then no name of a unit they do not reach (nor kept above
    them), and no person kept there, is on any page; their own are."""
    user, allowed, above = officer_of(kind, organisation)
    # A form asked of a reached unit names the body that collects it (its reports too).
    collectors = set(
        FormAssignment.objects.filter(unit__code__in=allowed).values_list(
            "form__owner_unit__code", flat=True
        )
    )
    # Where a reached unit sits is a fact of the organisation, named as such (the parent
    # column of a search, of a report): its parent's name, nothing of the parent's records.
    parents = {parent for code in allowed if (parent := ORGANISATION[code][2]) is not None}
    hidden = [
        name
        for code, (name, _kind, _parent, _superior) in ORGANISATION.items()
        if code not in allowed | above | collectors | parents
    ]
    hidden += [name for code, name in PEOPLE.items() if code not in allowed]
    # The demo's units and people, none reached: those whose names no reached unit contains.
    reached_names = [ORGANISATION[code][0] for code in allowed | above]
    hidden += [
        name
        for name in Unit.objects.exclude(code__startswith="SW-").values_list("name", flat=True)
        if len(name) > 12 and not any(name in mine for mine in reached_names)
    ]
    hidden += list(
        Person.objects.exclude(unit__code__startswith="SW-")
        .filter(full_name__regex=r"\S+ \S+ \S+")
        .values_list("full_name", flat=True)
    )
    # The shared catalogues name bodies in their own words ("Bằng khen của Bộ trưởng Bộ Quốc
    # phòng"): reference data every branch reads, not a record of the body.
    catalogue = " ".join(
        [
            *AwardForm.objects.values_list("name", flat=True),
            *AwardForm.objects.values_list("legal_basis", flat=True),
            *AwardAuthority.objects.values_list("note", flat=True),
        ]
    )
    hidden = [name for name in hidden if name not in catalogue]
    client = Client()
    client.force_login(user)
    pages = page_lists() + PAGE_QUERIES
    assert len(pages) >= 40
    leaks = []
    for path in pages:
        response = client.get(path)
        assert response.status_code < 500, (path, response.status_code)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith(
            "text/html"
        ):
            continue
        body = response.content.decode()
        leaks += [(path, name) for name in hidden if escape(name) in body]
    assert not leaks, f"{kind}: {leaks[:10]}"
    tree = client.get("/units/?q=quet").content.decode()
    found = set(re.findall(r'class="code">(SW-[A-Z]+)<', tree))
    assert found == allowed, (kind, found)


@pytest.mark.parametrize(
    ("kind", "read", "unread"),
    [
        ("party line", {"SW-TU", "SW-HU", "SW-DUQS"}, {"SW-BCH", "SW-QK", "SW-SD"}),
        ("command line", {"SW-QK", "SW-BCH", "SW-BAN", "SW-DUQS", "SW-DQ"}, {"SW-UB", "SW-UBH"}),
        ("state line", {"SW-UB", "SW-UBH", "SW-BCH", "SW-DQ"}, {"SW-QK", "SW-SD"}),
        ("leads", {"SW-QK", "SW-BCH", "SW-DUQS"}, {"SW-TU", "SW-SD"}),
    ],
)
def test_documents_issued_above_reach_down_from_the_granted_unit_only(
    organisation, kind, read, unread
):
    """Given the plans each unit issued, when an officer granted along a line lists the
    resolutions, then they read those of the units they reach and of the units above the
    unit of their grant, and none of the units above a unit they reach only along the line
    (the Tỉnh ủy's officer reaches the provincial military Party committee, placed under
    its command in the tree: the command's and the military region's plans stay closed)."""
    user, _allowed, _above = officer_of(kind, organisation)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    rows = client.get("/api/v1/resolutions/", {"page_size": 500}).json()["results"]
    issuers = {row["issuing_unit"] for row in rows if row["issuing_unit"].startswith("SW-")}
    assert read <= issuers, (kind, issuers)
    assert not unread & issuers, (kind, issuers)
