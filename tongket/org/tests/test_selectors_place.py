"""The place name on a unit's documents comes from the unit or the nearest one above."""

import pytest

from tongket.core.scopes import SYSTEM
from tongket.org import services
from tongket.org.models import Unit
from tongket.org.selectors import unit_place

pytestmark = pytest.mark.django_db


def test_a_unit_writes_its_own_place_or_that_of_the_unit_above(units):
    assert unit_place(Unit.objects.get(code="QK2")) == "Phú Thọ"
    # Sư đoàn 316 has none of its own: Quân khu 2's.
    assert unit_place(Unit.objects.get(code="SD316")) == "Phú Thọ"
    assert unit_place(Unit.objects.get(code="TCCNQP")) == "Hà Nội"
    sd316 = services.unit_update(by=SYSTEM, unit=Unit.objects.get(code="SD316"), place="Sơn La")
    assert unit_place(sd316) == "Sơn La"
    assert unit_place(None) == "Hà Nội"


def test_provincial_and_district_commands_write_their_own_place(units):
    """A provincial command dates its documents from its province, a district command from
    its district, not from the military region's seat."""
    assert unit_place(Unit.objects.get(code="BCHQS-LC")) == "Lào Cai"
    assert unit_place(Unit.objects.get(code="BCHQS-LC-H1")) == "Sa Pa"
    assert unit_place(Unit.objects.get(code="DUQS-DL")) == "Đắk Lắk"
