"""Registering a person the registry likely holds already: refused naming the namesakes
(the likeliest first) unless a namesake is confirmed; checked after the scope."""

import datetime

import pytest

from tongket.core.errors import LikelyDuplicates, NotFound
from tongket.core.models import ChangeLog
from tongket.org import partners, services
from tongket.org.models import Person, Rank

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_namesake_is_refused_naming_the_person_already_registered(users, units):
    """Given Nguyễn Văn Khách registered by Quân khu 2, when the Đắk Lắk officer registers
    "nguyen van  KHACH" (no accents, other case and spacing) for their own committee, then
    the registration is refused naming the record, and nothing is written."""
    kept = services.person_create(
        by=users["qk2.theodoi"], full_name="Nguyễn Văn Khách", unit=units["QK2"]
    )
    before = (Person.objects.count(), ChangeLog.objects.count())
    with pytest.raises(LikelyDuplicates) as caught:
        services.person_register(
            by=users["daklak.theodoi"], full_name="nguyen van  KHACH", unit=units["DUQS-DL"]
        )
    assert list(caught.value.error_dict) == ["full_name"]
    assert "Nguyễn Văn Khách" in caught.value.messages[0]
    assert [match["id"] for match in caught.value.matches] == [kept.pk]
    assert caught.value.matches[0]["unit"] == "QK2"
    assert (Person.objects.count(), ChangeLog.objects.count()) == before


def test_a_confirmed_namesake_and_a_new_name_are_registered(users, units):
    officer = users["daklak.theodoi"]
    services.person_create(by=officer, full_name="Trần Văn Trùng", unit=units["DUQS-DL"])
    namesake = services.person_register(
        by=officer, full_name="Trần Văn Trùng", unit=units["DUQS-DL"], confirm_new=True
    )
    other = services.person_register(
        by=officer, full_name="Trần Văn Không Trùng Ai", unit=units["DUQS-DL"]
    )
    assert Person.objects.filter(full_name="Trần Văn Trùng").count() == 2
    assert ChangeLog.objects.filter(action="person_create", object_id=str(namesake.pk)).exists()
    assert other.pk and other.full_name == "Trần Văn Không Trùng Ai"


def test_the_scope_is_checked_before_any_namesake_is_named(users, units):
    """Given a namesake in Tổng cục CNQP, when a Quân khu 2 officer registers someone for a
    unit of Tổng cục CNQP, then the answer is 'not found', not the namesake's name."""
    services.person_create(by=users["admin"], full_name="Lê Văn Ngoài", unit=units["TCCNQP"])
    with pytest.raises(NotFound):
        services.person_register(
            by=users["qk2.theodoi"], full_name="Lê Văn Ngoài", unit=units["TCCNQP"]
        )


def test_likely_duplicates_come_same_unit_first_then_same_rank(users, units):
    """Given three Phạm Văn Đồng: one kept elsewhere, one kept elsewhere but a colonel, one
    posted at Quân khu 2, when namesakes of a colonel of Quân khu 2 are looked for, then the
    one at Quân khu 2 comes first, then the colonel, then the other."""
    admin = users["admin"]
    colonel = Rank.objects.get(code="dai_ta")
    elsewhere = services.person_create(by=admin, full_name="Phạm Văn Đồng", unit=units["BQP"])
    ranked = services.person_create(by=admin, full_name="Phạm Văn Đồng", unit=units["BQP"])
    services.rank_add(by=admin, person=ranked, rank=colonel, valid_from=D(2015, 1, 1))
    posted = services.person_create(by=admin, full_name="Pham van dong", unit=units["BQP"])
    services.position_add(
        by=admin, person=posted, unit=units["QK2"], title="Trợ lý", valid_from=D(2020, 1, 1)
    )
    found = list(
        partners.person_duplicates(full_name="PHẠM VĂN ĐỒNG", unit=units["QK2"], rank=colonel)
    )
    assert [p.pk for p in found] == [posted.pk, ranked.pk, elsewhere.pk]
    assert [(p.same_unit, p.same_rank) for p in found] == [
        (True, False),
        (False, True),
        (False, False),
    ]
    assert list(partners.person_duplicates(full_name="  ")) == []
