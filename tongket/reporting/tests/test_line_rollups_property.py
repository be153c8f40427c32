"""Figures along a line equal a rebuild from the stored values, whatever the placements: any
set of units placed under a body in the State or the Party line, each from a date or from
always, as its direct superior or beside it, some below others (a unit reached twice is
counted once), read for any period of the plan and any indicator, is the sum (or the ratio
of sums) of the submitted and approved values of the units the body reaches in that line on
the period's last day, each with its subtree.
The oracle walks the line's stored rows itself (`test_line_grouping.oracle`)."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongket.core.scopes import SYSTEM
from tongket.org import services as org_services
from tongket.org.choices import Line
from tongket.org.models import Unit
from tongket.reporting import selectors
from tongket.reporting.choices import Tree
from tongket.reporting.models import Period
from tongket.reporting.tests.test_line_grouping import oracle
from tongket.resolutions.models import Indicator

pytestmark = pytest.mark.django_db
D = datetime.date
# The body the units are placed under, by line: the provincial People's Committee in the
# State line, the provincial Party committee in the Party line (neither has units of
# Quân khu 2 below it in the demo).
BODIES = {Line.STATE: "UBND-DL", Line.PARTY: "TU-DL"}
# Units of Quân khu 2 with figures: divisions, their regiments, provincial commands.
UNITS = ["SD316", "SD316-E98", "SD355", "SD355-E52", "BCHQS-PT", "BCHQS-LC", "BCHQS-DB"]
STARTS = [None, D(2021, 1, 1), D(2023, 7, 1), D(2024, 1, 1), D(2025, 7, 1)]
PERIODS = ["2021-H1", "2022-H2", "2023-H2", "2024-H1", "2025-H2"]
CODES = ["HC01", "HC03", "HC05"]

placements = st.lists(
    st.tuples(st.sampled_from(UNITS), st.sampled_from(STARTS), st.booleans(), st.booleans()),
    min_size=1,
    max_size=5,
    unique_by=lambda placement: placement[0],
)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    line=st.sampled_from([Line.STATE, Line.PARTY]),
    placed=placements,
    period_code=st.sampled_from(PERIODS),
    code=st.sampled_from(CODES),
)
def test_figures_along_a_line_equal_a_rebuild_from_the_values(
    users, line, placed, period_code, code
):
    if not Unit.objects.filter(code=BODIES[line]).exists():
        pytest.skip(f"the demo has no {BODIES[line]}")
    with transaction.atomic():
        body = Unit.objects.get(code=BODIES[line])
        for unit_code, start, under_body, primary in placed:
            unit = Unit.objects.get(code=unit_code)
            # Under the body itself, or under a unit placed before it (a chain in the line).
            superior = body
            earlier = [code for code, *_ in placed][: [c for c, *_ in placed].index(unit_code)]
            if not under_body and earlier:
                superior = Unit.objects.get(code=earlier[-1])
            org_services.unit_line_set(
                by=SYSTEM,
                unit=unit,
                line=line,
                superior=superior,
                valid_from=start,
                primary=primary,
            )
        period = Period.objects.get(code=period_code)
        indicator = Indicator.objects.get(code=code, resolution__symbol="623-NQ/QUTW")
        row = selectors.figures(
            user=SYSTEM, unit=body, period=period, indicators=[indicator], tree=Tree(line)
        )[0]
        expected = oracle(body, line, period, indicator)
        if expected is None:
            assert row.value is None
        else:
            assert row.value is not None
            assert abs(row.value - expected) < 10 ** -(indicator.decimals or 0), (
                row.value,
                expected,
            )
        transaction.set_rollback(True)
