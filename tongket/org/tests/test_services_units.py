"""Units: creation, dated restructuring, and the change log they write."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import F

from tongket.core.errors import DomainError, NotFound
from tongket.core.models import ChangeLog
from tongket.org import selectors, services
from tongket.org.models import RestructuringEvent, Unit, UnitName

pytestmark = pytest.mark.django_db
D = datetime.date


def field_of(error: DomainError) -> list[str]:
    return list(error.error_dict) if hasattr(error, "error_dict") else []


def test_create_puts_the_unit_in_its_parents_subtree_and_logs_it(admin_user, units):
    # Given an administrator of QUTW, when a battalion is created under Sư đoàn 316
    unit = services.unit_create(
        by=admin_user, code="TD1", name="Tiểu đoàn 1", parent=units["SD316"]
    )
    # then its path extends the parent's and a change log row holds the new values
    assert unit.path.startswith(units["SD316"].path) and unit.depth == units["SD316"].depth + 1
    entry = ChangeLog.objects.get(action="unit_create", object_id=str(unit.pk))
    assert entry.after["code"] == "TD1" and entry.username == "admin"


def test_duplicate_code_is_refused_and_nothing_is_written(admin_user, units):
    before = Unit.objects.count()
    with pytest.raises(DomainError) as caught:
        services.unit_create(by=admin_user, code="qk2", name="Trùng mã", parent=units["BQP"])
    assert field_of(caught.value) == ["code"]
    assert Unit.objects.count() == before


def test_a_former_code_cannot_be_reused(admin_user, units):
    services.unit_rename(
        by=admin_user,
        unit=units["CKT"],
        name="Cục Kinh tế mới",
        code="CKT2",
        effective_date=D(2024, 1, 1),
    )
    with pytest.raises(DomainError):
        services.unit_create(by=admin_user, code="CKT", name="Khác", parent=units["BQP"])


def test_rename_keeps_the_old_name_findable(admin_user, users):
    # ĐUQSTW was renamed QUTW in the demo data: the old abbreviation still finds the unit.
    found = selectors.unit_list(user=admin_user, search="duqstw")
    assert [u.code for u in found] == ["QUTW"]
    assert selectors.unit_resolve(user=admin_user, code="ĐUQSTW").code == "QUTW"
    old = selectors.unit_name_on(unit=found[0], day=D(2007, 11, 29))
    assert old is not None and old.name == "Đảng ủy Quân sự Trung ương"


def test_move_updates_the_whole_subtree_and_keeps_the_old_placement(admin_user, units):
    division, regiment = units["SD316"], Unit.objects.get(code="SD316-E98")
    services.unit_move(
        by=admin_user, unit=division, new_parent=units["QK5"], effective_date=D(2024, 3, 1)
    )
    regiment.refresh_from_db()
    assert regiment.path.startswith(units["QK5"].path)
    # The tree of 2023 still shows the division under Quân khu 2.
    rows = selectors.unit_tree_on(user=admin_user, root=units["QK2"], day=D(2023, 6, 30))
    assert "SD316" in [row["unit"].code for row in rows]
    rows_now = selectors.unit_tree_on(user=admin_user, root=units["QK2"], day=D(2024, 6, 30))
    assert "SD316" not in [row["unit"].code for row in rows_now]


def test_move_under_own_descendant_is_a_cycle(admin_user, units):
    regiment = Unit.objects.get(code="SD316-E98")
    with pytest.raises(DomainError) as caught:
        services.unit_move(
            by=admin_user, unit=units["SD316"], new_parent=regiment, effective_date=D(2024, 3, 1)
        )
    assert field_of(caught.value) == ["new_parent"]
    units["SD316"].refresh_from_db()
    assert units["SD316"].parent_id == units["QK2"].pk


def test_merge_into_own_descendant_is_refused(admin_user, units):
    regiment = Unit.objects.get(code="SD316-E98")
    with pytest.raises(DomainError) as caught:
        services.unit_merge(
            by=admin_user, sources=[units["SD316"]], target=regiment, effective_date=D(2024, 1, 1)
        )
    assert field_of(caught.value) == ["target"]


def test_merge_into_a_new_unit_moves_children_and_keeps_sources(admin_user, units):
    result = services.unit_merge(
        by=admin_user,
        sources=[units["SD316"], units["SD355"]],
        new_code="SD-MOI",
        new_name="Sư đoàn hợp nhất",
        effective_date=D(2024, 5, 1),
    )
    sd316 = Unit.objects.get(code="SD316")
    assert sd316.dissolved_on == D(2024, 5, 1)
    assert set(Unit.objects.filter(parent=result).values_list("code", flat=True)) >= {
        "SD316-E98",
        "SD355-E52",
    }
    event = RestructuringEvent.objects.get(kind="merge", effective_date=D(2024, 5, 1))
    assert {p.unit.code for p in event.parts.filter(role="source")} == {"SD316", "SD355"}
    # A dissolved unit is still there for 2022.
    codes_2022 = [
        r["unit"].code
        for r in selectors.unit_tree_on(user=admin_user, root=units["QK2"], day=D(2022, 1, 1))
    ]
    assert "SD316" in codes_2022


def test_split_creates_parts_and_dissolves_the_source(admin_user, units):
    parts = services.unit_split(
        by=admin_user,
        unit=units["SD355"],
        effective_date=D(2024, 2, 1),
        parts=[
            {"code": "SD355A", "name": "Sư đoàn 355A"},
            {"code": "SD355B", "name": "Sư đoàn 355B"},
        ],
        children_to={Unit.objects.get(code="SD355-E82").pk: 1},
    )
    assert [p.code for p in parts] == ["SD355A", "SD355B"]
    assert Unit.objects.get(code="SD355-E82").parent.code == "SD355B"
    assert Unit.objects.get(code="SD355-E52").parent.code == "SD355A"
    assert Unit.objects.get(code="SD355").dissolved_on == D(2024, 2, 1)


def test_dissolve_needs_children_handled_first(admin_user, units):
    with pytest.raises(DomainError):
        services.unit_dissolve(by=admin_user, unit=units["SD316"], effective_date=D(2024, 1, 1))
    assert Unit.objects.get(code="SD316").dissolved_on is None


def test_future_and_pre_existing_dates_are_refused(admin_user, units):
    with pytest.raises(DomainError) as caught:
        services.unit_rename(
            by=admin_user, unit=units["CKT"], name="X", effective_date=D(2999, 1, 1)
        )
    assert field_of(caught.value) == ["effective_date"]
    with pytest.raises(DomainError):
        # QUTW was renamed in 2011: a change dated before it is refused.
        services.unit_rename(
            by=admin_user, unit=units["QUTW"], name="Y", effective_date=D(2009, 1, 1)
        )


def test_update_detects_a_concurrent_edit(admin_user, units):
    unit = units["CKT"]
    services.unit_update(by=admin_user, unit=unit, version=unit.version, description="Lần 1")
    with pytest.raises(DomainError) as caught:
        services.unit_update(by=admin_user, unit=unit, version=unit.version, description="Lần 2")
    assert caught.value.error_list[0].code == "conflict"
    assert Unit.objects.get(pk=unit.pk).description == "Lần 1"


def test_other_branch_cannot_be_restructured(qk2_admin, units):
    with pytest.raises(NotFound):
        services.unit_rename(
            by=qk2_admin, unit=units["TCCNQP"], name="X", effective_date=D(2024, 1, 1)
        )
    with pytest.raises(NotFound):
        services.unit_create(by=qk2_admin, code="X1", name="X", parent=units["TCCNQP"])
    # Moving own unit into another branch needs a role there too.
    with pytest.raises(NotFound):
        services.unit_move(
            by=qk2_admin,
            unit=units["SD316"],
            new_parent=units["TCCNQP"],
            effective_date=D(2024, 1, 1),
        )


def test_a_reporter_cannot_restructure_its_own_unit(users, units):
    with pytest.raises(PermissionDenied):
        services.unit_rename(
            by=users["qk2.baocao"], unit=units["SD316"], name="X", effective_date=D(2024, 1, 1)
        )


def test_linked_unit_is_one_to_one(admin_user, units):
    with pytest.raises(DomainError) as caught:
        services.unit_update(by=admin_user, unit=units["CKT"], linked_unit=units["QK2"])
    assert field_of(caught.value) == ["linked_unit"]


def test_name_history_rows_cover_the_rename(units):
    rows = list(
        UnitName.objects.filter(unit=units["QUTW"]).order_by(F("valid_from").asc(nulls_first=True))
    )
    assert [r.abbreviation for r in rows] == ["ĐUQSTW", "QUTW"]
    assert rows[0].valid_to == rows[1].valid_from == D(2011, 2, 1)
