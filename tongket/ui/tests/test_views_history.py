"""History on the pages reads in words: a person's and a resolution's change log name the
fields, the choices, the units and the dates, never their codes or ids."""

from __future__ import annotations

import datetime

import pytest

from tongket.org import services as org_services
from tongket.resolutions import services as resolution_services
from tongket.resolutions.choices import ResolutionKind

pytestmark = pytest.mark.django_db


def test_a_persons_change_log_names_the_units_and_the_fields(as_user, users, units, admin_user):
    # Given a person moved from Quân khu 2 to the Ministry
    person = org_services.person_create(by=admin_user, full_name="Phạm Văn Thử", unit=units["QK2"])
    org_services.person_update(by=admin_user, person=person, unit=units["BQP"])
    # When the administrator opens the person's page
    body = as_user(admin_user).get(f"/people/{person.pk}/").content.decode()
    # Then the change reads by the units' names under the field's name, not by ids
    assert f"<del>{units['QK2'].name}</del>" in body
    assert f"<ins>{units['BQP'].name}</ins>" in body
    assert "unit_id" not in body and "person_update" not in body


def test_a_resolutions_history_shows_choice_labels_and_dates(as_user, users, units):
    # Given a plan whose kind and issue date the officer changed
    officer = users["bqp.theodoi"]
    plan = resolution_services.resolution_create(
        by=officer,
        kind="plan",
        symbol="12/KH-BQP",
        issuing_unit=units["BQP"],
        owner_unit=units["BQP"],
        subject="Kế hoạch thử nghiệm",
        issued_on=datetime.date(2024, 1, 5),
        horizon_from=2024,
        horizon_to=2026,
    )
    resolution_services.resolution_update(
        by=officer, resolution=plan, kind="directive", issued_on=datetime.date(2024, 2, 1)
    )
    # When the officer opens its history
    response = as_user(officer).get(f"/resolutions/{plan.pk}/", {"tab": "history"})
    body = response.content.decode()
    # Then the kinds are their labels and the dates dd/mm/yyyy
    assert f"<del>{ResolutionKind.PLAN.label}</del>" in body
    assert f"<ins>{ResolutionKind.DIRECTIVE.label}</ins>" in body
    assert "<del>05/01/2024</del>" in body and "<ins>01/02/2024</ins>" in body
    assert "2024-02-01" not in body and "<ins>directive</ins>" not in body
