"""Registering resolutions, their indicators and targets; cascading and phasing; scope."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tongket.core.errors import DomainError, NotFound
from tongket.core.models import ChangeLog
from tongket.org.models import Unit
from tongket.resolutions import selectors, services
from tongket.resolutions.choices import ResolutionStatus
from tongket.resolutions.models import Resolution, Target, TargetAdjustment

pytestmark = pytest.mark.django_db
D = datetime.date


def register(user, **overrides):
    units = {u.code: u for u in Unit.objects.filter(code__in=["QUTW", "BQP", "CKT", "QK2"])}
    data = {
        "kind": "resolution",
        "symbol": "999-NQ/QUTW",
        "issuing_unit": units["QUTW"],
        "owner_unit": units["CKT"],
        "subject": "về thử nghiệm",
        "horizon_from": 2021,
        "horizon_to": 2025,
        "issued_on": D(2020, 12, 1),
    }
    return services.resolution_create(by=user, **(data | overrides))


def test_a_tracking_officer_registers_a_resolution_and_it_is_logged(users):
    resolution = register(users["bqp.theodoi"])
    assert (resolution.number, resolution.type_code, resolution.issuer_code) == (999, "NQ", "QUTW")
    assert ChangeLog.objects.filter(action="resolution_create", object_id=str(resolution.pk))


def test_an_issuer_code_the_body_did_not_carry_then_is_a_warning_to_confirm(users):
    """QUTW was ĐUQSTW until 2011: a 2007 symbol with QUTW is questioned, ĐUQSTW is not."""
    with pytest.raises(DomainError) as caught:
        register(users["bqp.theodoi"], symbol="998-NQ/QUTW", issued_on=D(2007, 5, 1))
    assert caught.value.error_dict["symbol"][0].code == "issuer_mismatch"
    ok = register(users["bqp.theodoi"], symbol="998-NQ/ĐUQSTW", issued_on=D(2007, 5, 1))
    assert ok.issuer_code == "ĐUQSTW"
    confirmed = register(
        users["bqp.theodoi"], symbol="997-NQ/XYZ", issued_on=D(2007, 5, 1), confirm_issuer=True
    )
    assert confirmed.pk


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"symbol": "NQ 382"}, "symbol"),
        ({"symbol": "382-NQ/ĐUQSTW", "issued_on": D(2007, 11, 29)}, "symbol"),  # taken
        ({"horizon_from": 2025, "horizon_to": 2021}, "horizon_to"),
        ({"subject": "  "}, "subject"),
        ({"issued_on": D(2999, 1, 1)}, "issued_on"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(users, overrides, field):
    before = Resolution.objects.count()
    with pytest.raises(DomainError) as caught:
        register(users["bqp.theodoi"], **overrides)
    assert field in caught.value.error_dict
    assert Resolution.objects.count() == before


def test_reporters_cannot_register_and_other_branches_do_not_see(users):
    with pytest.raises(PermissionDenied):
        register(users["qk2.baocao"], owner_unit=Unit.objects.get(code="QK2"))
    qk2_sees = set(
        selectors.resolution_list(user=users["qk2.baocao"]).values_list("symbol", flat=True)
    )
    assert "623-NQ/QUTW" in qk2_sees and "382-NQ/ĐUQSTW" in qk2_sees  # issued above QK2
    assert "06-NQ/TW" not in qk2_sees  # kept by Tổng cục CNQP, issued by the Politburo
    r06 = Resolution.objects.get(symbol="06-NQ/TW")
    with pytest.raises(NotFound):
        selectors.resolution_get(user=users["qk2.baocao"], pk=r06.pk)


def test_search_ignores_diacritics_and_old_issuer_codes_resolve(users):
    officer = users["bqp.theodoi"]
    found = selectors.resolution_list(user=officer, search="hau can quan doi")
    assert [r.symbol for r in found] == ["623-NQ/QUTW"]
    # 382 was issued as ĐUQSTW; asking with today's code finds it.
    by_symbol = selectors.resolution_list(user=officer, symbol="382-NQ/QUTW")
    assert [r.symbol for r in by_symbol] == ["382-NQ/ĐUQSTW"]
    assert (
        selectors.resolution_list(user=officer, search="duqstw")
        .filter(symbol="382-NQ/ĐUQSTW")
        .exists()
    )


def test_superseding_marks_the_old_resolution(users):
    officer = users["bqp.theodoi"]
    old = Resolution.objects.get(symbol="520-NQ/QUTW")
    new = register(officer, symbol="1658-NQ/QUTW", issued_on=D(2021, 12, 20))
    services.relation_add(by=officer, source=new, target=old, kind="supersedes")
    old.refresh_from_db()
    assert old.status == ResolutionStatus.SUPERSEDED and old.status_since == D(2021, 12, 20)
    with pytest.raises(DomainError):
        services.relation_add(by=officer, source=old, target=new, kind="supersedes")


def test_indicator_codes_are_unique_within_a_resolution(users):
    officer = users["bqp.theodoi"]
    resolution = Resolution.objects.get(symbol="623-NQ/QUTW")
    with pytest.raises(DomainError) as caught:
        services.indicator_create(by=officer, resolution=resolution, code="hc01", name="Trùng")
    assert "code" in caught.value.error_dict
    with pytest.raises(DomainError) as caught:
        services.indicator_create(
            by=officer,
            resolution=resolution,
            code="X1",
            name="Tỷ lệ",
            measure_kind="ratio",
            unit_aggregation="sum",
        )
    assert "unit_aggregation" in caught.value.error_dict


def test_targets_adjusted_keep_their_history(users):
    officer = users["bqp.theodoi"]
    indicator = Resolution.objects.get(symbol="623-NQ/QUTW").indicators.get(code="HC03")
    sd316 = Unit.objects.get(code="SD316")
    target = Target.objects.get(indicator=indicator, unit=sd316, year=2024)
    old = target.value
    services.target_set(
        by=officer,
        indicator=indicator,
        unit=sd316,
        year=2024,
        value=old + 10,
        reason="Điều chỉnh do thiên tai",
        version=target.version,
    )
    adjustment = TargetAdjustment.objects.filter(target=target).order_by("-id").first()
    assert (adjustment.old_value, adjustment.new_value) == (old, old + 10)
    assert adjustment.reason == "Điều chỉnh do thiên tai" and adjustment.by == officer
    with pytest.raises(DomainError):  # stale version: someone saved meanwhile
        services.target_set(
            by=officer,
            indicator=indicator,
            unit=sd316,
            year=2024,
            value=old,
            version=target.version,
        )


@pytest.mark.parametrize(
    ("code", "kwargs", "field"),
    [
        ("HC03", {"value": Decimal(-5), "year": 2024}, "value"),
        ("HC03", {"value": Decimal(5), "year": 2005}, "year"),
        ("HC01", {"numerator": Decimal(3), "denominator": Decimal(0), "year": 2024}, "denominator"),
        ("HC08", {"value": Decimal("0.5"), "year": 2024}, "value"),
    ],
)
def test_bad_targets_are_refused(users, code, kwargs, field):
    indicator = Resolution.objects.get(symbol="623-NQ/QUTW").indicators.get(code=code)
    with pytest.raises(DomainError) as caught:
        services.target_set(
            by=users["bqp.theodoi"],
            indicator=indicator,
            unit=Unit.objects.get(code="SD316"),
            **kwargs,
        )
    assert field in caught.value.error_dict


def test_a_target_outside_the_scope_is_not_found(users):
    indicator = Resolution.objects.get(symbol="382-NQ/ĐUQSTW").indicators.first()
    qk2_admin_like = users["qk2.duyet"]
    with pytest.raises(NotFound):
        services.target_set(
            by=qk2_admin_like,
            indicator=indicator,
            unit=Unit.objects.get(code="Z111"),
            year=2020,
            value=Decimal(1),
        )
    visible = selectors.target_list(user=users["qk2.baocao"], indicator=indicator)
    assert not visible.exists()


def test_cascade_evenly_adds_up_and_a_changed_share_shows_the_mismatch(users):
    officer = users["bqp.theodoi"]
    indicator = Resolution.objects.get(symbol="623-NQ/QUTW").indicators.get(code="HC06")
    sd316 = Unit.objects.get(code="SD316")
    services.target_set(by=officer, indicator=indicator, unit=sd316, year=2025, value=Decimal(1000))
    shares = services.target_cascade(
        by=officer, indicator=indicator, unit=sd316, year=2025, method="even"
    )
    assert len(shares) == 3 and sum(t.value for t in shares) == 1000
    grid = selectors.target_grid(user=officer, indicator=indicator, root=sd316)
    assert grid["cascade_issues"] == 0
    first = shares[0]
    services.target_set(
        by=officer,
        indicator=indicator,
        unit=first.unit,
        year=2025,
        value=first.value + 50,
        reason="Giao thêm",
    )
    grid = selectors.target_grid(user=officer, indicator=indicator, root=sd316)
    cell = next(
        c for r in grid["rows"] if r["unit"] == sd316 for c in r["cells"] if c["year"] == 2025
    )
    assert cell["mismatch"]["difference"] == 50


def test_cascade_in_proportion_to_a_base(users):
    officer = users["bqp.theodoi"]
    resolution = Resolution.objects.get(symbol="623-NQ/QUTW")
    indicator = resolution.indicators.get(code="HC06")
    base = resolution.indicators.get(code="HC03")
    sd355 = Unit.objects.get(code="SD355")
    services.target_set(by=officer, indicator=indicator, unit=sd355, year=2025, value=Decimal(900))
    children = list(Unit.objects.filter(parent=sd355).order_by("sort_key"))
    for weight, child in zip((1, 2, 6), children, strict=True):
        services.target_set(
            by=officer, indicator=base, unit=child, year=2025, value=Decimal(weight)
        )
    shares = services.target_cascade(
        by=officer,
        indicator=indicator,
        unit=sd355,
        year=2025,
        method="proportional",
        base_indicator=base,
    )
    assert [t.value for t in shares] == [100, 200, 600]


def test_phasing_over_the_horizon_and_its_check(users):
    officer = users["bqp.theodoi"]
    resolution = Resolution.objects.get(symbol="01-CTr/ĐUQS")
    indicator = resolution.indicators.get(code="DL02")
    unit = Unit.objects.get(code="BCHQS-DL")
    services.target_set(by=officer, indicator=indicator, unit=unit, year=None, value=Decimal(1001))
    years = services.target_phase(by=officer, indicator=indicator, unit=unit)
    assert [t.year for t in years] == [2021, 2022, 2023, 2024, 2025]
    assert sum(t.value for t in years) == 1001
    services.target_set(by=officer, indicator=indicator, unit=unit, year=2023, value=Decimal(1))
    grid = selectors.target_grid(user=officer, indicator=indicator, root=unit)
    row = next(r for r in grid["rows"] if r["unit"] == unit)
    assert row["phasing"]["difference"] < 0
