"""People: dated ranks, concurrent positions, scope."""

import datetime

import pytest

from tongket.core.errors import DomainError, NotFound
from tongket.org import selectors, services
from tongket.org.models import Rank

pytestmark = pytest.mark.django_db
D = datetime.date


def test_rank_history_chains_and_answers_any_date(admin_user, units):
    person = services.person_create(by=admin_user, full_name="Phạm Văn Thử", unit=units["QK2"])
    ranks = {r.code: r for r in Rank.objects.all()}
    services.rank_add(
        by=admin_user, person=person, rank=ranks["thieu_ta"], valid_from=D(2010, 1, 1)
    )
    services.rank_add(by=admin_user, person=person, rank=ranks["dai_ta"], valid_from=D(2020, 1, 1))
    # Inserted in the middle of the history: the chain is re-dated.
    services.rank_add(
        by=admin_user, person=person, rank=ranks["trung_ta"], valid_from=D(2014, 1, 1)
    )
    assert selectors.person_rank_on(person=person, day=D(2012, 6, 1)).rank.code == "thieu_ta"
    assert selectors.person_rank_on(person=person, day=D(2016, 6, 1)).rank.code == "trung_ta"
    assert selectors.person_rank_on(person=person, day=D(2024, 6, 1)).rank.code == "dai_ta"
    assert selectors.person_rank_on(person=person, day=D(2009, 6, 1)) is None


def test_civilians_have_no_rank(admin_user, units):
    person = services.person_create(
        by=admin_user, full_name="Lê Thị Dân", unit=units["TU-DL"], is_military=False
    )
    with pytest.raises(DomainError):
        services.rank_add(
            by=admin_user, person=person, rank=Rank.objects.first(), valid_from=D(2020, 1, 1)
        )


def test_positions_run_concurrently(admin_user, units):
    person = services.person_create(by=admin_user, full_name="Hoàng Văn Kiêm", unit=units["BQP"])
    services.position_add(
        by=admin_user,
        person=person,
        unit=units["QUTW"],
        title="Ủy viên Quân ủy Trung ương",
        valid_from=D(2021, 1, 1),
    )
    services.position_add(
        by=admin_user,
        person=person,
        unit=units["BQP"],
        title="Thứ trưởng Bộ Quốc phòng",
        valid_from=D(2021, 4, 1),
    )
    titles = [p.title for p in selectors.person_positions_on(person=person, day=D(2022, 1, 1))]
    assert titles == ["Ủy viên Quân ủy Trung ương", "Thứ trưởng Bộ Quốc phòng"]
    assert len(selectors.person_positions_on(person=person, day=D(2021, 2, 1))) == 1


def test_end_date_before_start_date_is_refused(admin_user, units):
    person = services.person_create(by=admin_user, full_name="Vũ Văn Hạn", unit=units["QK2"])
    with pytest.raises(DomainError) as caught:
        services.position_add(
            by=admin_user,
            person=person,
            unit=units["QK2"],
            title="Trợ lý",
            valid_from=D(2022, 1, 1),
            valid_to=D(2021, 1, 1),
        )
    assert list(caught.value.error_dict) == ["valid_to"]
    assert person.positions.count() == 0


def test_people_of_another_branch_are_invisible(qk2_admin, cnqp_person):
    with pytest.raises(NotFound):
        selectors.person_get(user=qk2_admin, pk=cnqp_person.pk)
    assert cnqp_person not in selectors.person_list(user=qk2_admin)
    with pytest.raises(NotFound):
        services.person_update(by=qk2_admin, person=cnqp_person, full_name="Đổi tên")


def test_people_sort_in_vietnamese_order(admin_user):
    names = [p.full_name for p in selectors.person_list(user=admin_user)]
    from tongket.core.text import person_sort_key

    assert names == sorted(names, key=person_sort_key)
