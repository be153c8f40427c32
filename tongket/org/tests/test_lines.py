"""Lines of subordination: superiors by line, dated moves, headers and addressees, reach of a
grant in a line or over the body a committee leads."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps as django_apps

from tongket.core import scopes
from tongket.core.errors import DomainError
from tongket.core.scopes import SYSTEM
from tongket.org import lines, selectors, services
from tongket.org.choices import Line, Role
from tongket.org.models import Unit, UnitLine

D = datetime.date
pytestmark = pytest.mark.django_db


def test_party_document_of_provincial_military_committee_is_headed_by_provincial_party(units):
    # Given the provincial military Party committee, under the provincial Party committee in
    # the Party line while the organisation tree places it under its command
    committee = units["DUQS-DL"]
    # When its Party document's header and addressee are worked out
    above = lines.header_superior_name(committee, party_format=True)
    # Then the upper line names the provincial Party organisation, never the command
    assert above == "Đảng bộ tỉnh Đắk Lắk"
    assert lines.addressee(committee, party_format=True) == units["TU-DL"]
    assert committee.parent == units["BCHQS-DL"]


def test_dual_subordination_lists_both_party_superiors_direct_first(units):
    found = lines.superiors(units["DUQS-DL"])
    assert [u.code for u in found[Line.PARTY]] == ["TU-DL", "DU-QK5"]
    assert [u.code for u in lines.superiors(units["BCHQS-DL"])[Line.STATE]] == ["UBND-DL"]


def test_state_document_of_a_command_is_headed_by_its_command_superior(units):
    assert lines.header_superior_name(units["QK2"], party_format=False) == "Bộ Quốc phòng"
    # A ministry heads its own documents: no Party body above it on a State document.
    assert lines.header_superior(units["BQP"], party_format=False) is None


def test_committee_submits_to_its_party_superior_not_to_the_command_it_leads(units):
    committee = units["DU-TCCNQP"]
    assert committee.led_unit == units["TCCNQP"]
    assert units["TCCNQP"].leading_committee == committee
    assert lines.addressee(committee, party_format=True) == units["QUTW"]
    assert lines.header_superior_name(committee, party_format=True) == "Đảng bộ Quân đội"


def test_name_on_a_date_before_the_renaming_is_the_old_name(units):
    assert lines.name_on(units["QUTW"], on=D(2007, 11, 29)) == "Đảng ủy Quân sự Trung ương"
    assert lines.name_on(units["QUTW"], on=D(2022, 7, 15)) == "Quân ủy Trung ương"


def test_a_dated_move_in_a_line_keeps_the_earlier_superior_for_earlier_days(units):
    # Given Đảng ủy Quân khu 2 under the Central Military Commission in the Party line
    committee = units["DU-QK2"]
    assert lines.superior(committee, line=Line.PARTY) == units["QUTW"]
    # When it is placed under another Party body from 1 March 2024
    services.unit_line_set(
        by=SYSTEM,
        unit=committee,
        line=Line.PARTY,
        superior=units["TU-DL"],
        valid_from=D(2024, 3, 1),
    )
    # Then days before read the old superior and days after the new one
    assert lines.superior(committee, line=Line.PARTY, on=D(2024, 2, 29)) == units["QUTW"]
    assert lines.superior(committee, line=Line.PARTY, on=D(2024, 3, 1)) == units["TU-DL"]
    assert UnitLine.objects.filter(unit=committee, line=Line.PARTY).count() == 2


def test_a_circle_in_a_line_is_refused(units):
    with pytest.raises(DomainError) as error:
        services.unit_line_set(
            by=SYSTEM,
            unit=units["TU-DL"],
            line=Line.PARTY,
            superior=units["DUQS-DL"],
            valid_from=D(2024, 1, 1),
        )
    assert error.value.field == "superior"
    assert lines.superior(units["TU-DL"], line=Line.PARTY) == units["BCT"]


def test_the_same_superior_twice_is_refused(units):
    with pytest.raises(DomainError):
        services.unit_line_set(
            by=SYSTEM,
            unit=units["DUQS-DL"],
            line=Line.PARTY,
            superior=units["DU-QK5"],
            valid_from=None,
            primary=False,
        )


def test_placing_a_unit_needs_its_administrator(units, users):
    with pytest.raises(Exception) as error:
        services.unit_line_set(
            by=users["qk2.theodoi"],
            unit=units["DU-QK2"],
            line=Line.PARTY,
            superior=units["TU-DL"],
            valid_from=D(2024, 1, 1),
        )
    assert type(error.value).__name__ == "PermissionDenied"


def test_officer_of_a_committee_reaches_the_body_it_leads_when_the_grant_says_so(units, users):
    officer = users["daklak.theodoi"]
    assert scopes.covers(officer, units["DUQS-DL"])
    assert scopes.covers(officer, units["BCHQS-DL"])
    assert scopes.covers(officer, units["BCHQS-DL-LAK"])
    assert not scopes.covers(officer, units["QK5"])
    assert not scopes.covers(officer, units["TU-DL"])
    visible = set(selectors.unit_list(user=officer).values_list("code", flat=True))
    assert {"DUQS-DL", "BCHQS-DL"} <= visible
    assert "HU-LAK" not in visible


def test_a_grant_in_the_party_line_reaches_the_subordinates_in_that_line(units):
    # Given an officer of the provincial Party committee granted in the Party line
    user = services.user_create(
        by=SYSTEM,
        username="tinhuy.theodoi",
        password="x",
        unit=units["TU-DL"],
        role=Role.TRACKING_OFFICER,
        line=Line.PARTY,
        check_password=False,
    )
    # Then they reach the district committees and the provincial military Party committee,
    # which the organisation tree keeps under the provincial military command
    assert scopes.covers(user, units["HU-LAK"])
    assert scopes.covers(user, units["DUQS-DL"])
    # but not the command that committee leads, nor the military region
    assert not scopes.covers(user, units["BCHQS-DL"])
    assert not scopes.covers(user, units["QK5"])


def test_a_grant_cannot_reach_further_than_the_granter(units, users):
    # Given an administrator of the provincial Party committee only
    admin = services.user_create(
        by=SYSTEM,
        username="tinhuy.quantri",
        password="x",
        unit=units["TU-DL"],
        role=Role.ADMINISTRATOR,
        check_password=False,
    )
    # When they grant a role in the Party line, which would reach the military committee
    with pytest.raises(DomainError) as error:
        services.role_grant(
            by=admin,
            user=users["qk2.baocao"],
            role=Role.VIEWER,
            unit=units["TU-DL"],
            line=Line.PARTY,
        )
    # Then it is refused, naming the line
    assert error.value.field == "line"
    assert not users["qk2.baocao"].grants.filter(unit=units["TU-DL"]).exists()


def test_a_merge_moves_the_subordinates_in_every_line(units):
    # Given the district committees under the provincial Party committee in the Party line
    services.unit_create(
        by=SYSTEM,
        code="TU-X",
        name="Tỉnh ủy X",
        kind="party_committee",
        parent=units["BCT"],
        established_on=D(2020, 1, 1),
    )
    target = Unit.objects.get(code="TU-X")
    services.unit_merge(
        by=SYSTEM, sources=[units["TU-DL"]], target=target, effective_date=D(2025, 7, 1)
    )
    # Then the provincial military committee answers to the merged committee from that day
    committee = Unit.objects.get(code="DUQS-DL")
    assert lines.superior(committee, line=Line.PARTY, on=D(2025, 7, 1)) == target
    assert lines.superior(committee, line=Line.PARTY, on=D(2025, 6, 30)) == units["TU-DL"]


def test_the_data_migration_places_existing_units_in_their_own_line(units):
    # Given a database from before the lines (no rows)
    UnitLine.objects.all().delete()
    migration = importlib.import_module("tongket.org.migrations.0006_unit_lines_data")
    # When the data migration runs
    migration.forwards(django_apps, None)
    # Then each unit sits under the nearest unit above it in its own line
    assert lines.superior(units["DU-QK2"], line=Line.PARTY) == units["QUTW"]
    assert lines.superior(units["QK2"], line=Line.COMMAND) == units["BQP"]
    assert lines.superior(units["BQP"], line=Line.COMMAND) is None
    assert lines.superior(units["HU-LAK"], line=Line.PARTY, on=D(2023, 8, 22)) == units["TU-DL"]
    # and dissolved units keep their rows closed on their dissolution
    row = UnitLine.objects.get(unit=units["HU-LAK"])
    assert row.valid_to == D(2025, 7, 1)
