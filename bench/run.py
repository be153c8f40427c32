"""The benchmark: `make bench` (BENCH_DB=sqlite|postgres, BENCH_SCALE=small|medium|full).

Full scale: 10,296 units six levels deep, one form of 50 indicators (30 sums, 10 averages,
10 ratios), 20 half-year periods, the 8,820 leaf units reporting: 8.8 million values, loaded
through the product's own import path (reporting.services.values_import, CSV, then submit
and approve). Measured on the same data:

- import throughput (values/s), and the completeness rows rebuilt from the reports;
- saving one 50-value draft, and submitting it including roll-up and completeness upkeep
  (p50, p95);
- the root dashboard (50 indicators, one period, with targets, progress and completeness)
  and a mid-level drill-down (the unit and its children) (p50, p95);
- the dashboard page's reporting reads: the periods with data, the default period and the
  completeness map of the root's children over every period (from the completeness rows);
- a 20-period trend at the root;
- the analysis pivot of every indicator × the root's children × 4 half-years;
- the same cells read by the batch analytics endpoint's selector (`figures_grid`, behind
  /api/v1/analytics/figures/), without the pivot's layout and totals;
- a baseline built the way DHIS2 builds analytics: a denormalised table, one row per value
  and one column per ancestor level, fully rebuilt (the window in which new data is not
  visible there), then GROUP BY queries for the same three reads.

Every measure is taken as the server runs: after the load, the process settles its garbage
collector as `config/wsgi.py` does (tongket.core.collector).

Writes the results into docs/benchmarks.md (one section per database and scale).
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB = os.environ.get("BENCH_DB", "sqlite")
SCALE = os.environ.get("BENCH_SCALE", "small")
SHAPES = {
    # branching per level below the root; indicators; half-years
    "small": ([4, 5, 6], 12, 4),
    "medium": ([5, 6, 6, 7], 50, 4),
    "full": ([5, 6, 6, 7, 7], 50, 20),
}
BRANCHING, INDICATORS, PERIODS = SHAPES[SCALE]
REPEAT = 30 if SCALE == "small" else 40

if DB == "postgres":
    base_url = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    import psycopg

    with psycopg.connect(base_url.replace("postgres://", "postgresql://"), autocommit=True) as c:
        c.execute("DROP DATABASE IF EXISTS tongket_bench")
        c.execute("CREATE DATABASE tongket_bench")
    os.environ["TONGKET_DATABASE_URL"] = base_url.rsplit("/", 1)[0] + "/tongket_bench"
    data_dir = tempfile.mkdtemp(prefix="tongket-bench-")
else:
    data_dir = tempfile.mkdtemp(prefix="tongket-bench-")
    os.environ.pop("TONGKET_DATABASE_URL", None)
os.environ["TONGKET_DATA_DIR"] = data_dir
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from bench.http_stage import http_stage, summary  # noqa: E402
from bench.report import write_doc  # noqa: E402
from tongket.core.scopes import SYSTEM  # noqa: E402
from tongket.core.workbook import Problems  # noqa: E402
from tongket.org.models import PATH_SEGMENT, Unit, UnitPlacement  # noqa: E402
from tongket.org.services.units import path_segment  # noqa: E402
from tongket.reporting import selectors  # noqa: E402
from tongket.reporting import services as reporting  # noqa: E402
from tongket.reporting.models import DataValue, Report  # noqa: E402
from tongket.reporting.services.imports import read_csv_rows  # noqa: E402
from tongket.reporting.services.reports import Entry  # noqa: E402
from tongket.resolutions import services as resolutions  # noqa: E402
from tongket.resolutions.models import Target  # noqa: E402


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def timed(function, repeat: int = REPEAT) -> dict[str, float]:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return summary(samples)


def build_tree() -> tuple[Unit, list[list[Unit]]]:
    """The unit tree, level by level (bulk: the benchmark is about reports, not units)."""
    root = Unit.objects.create(code="R", name="Đơn vị gốc", kind="command")
    root.path = path_segment(root.pk)
    root.save(update_fields=["path"])
    levels = [[root]]
    for depth, fan in enumerate(BRANCHING, start=1):
        batch = [
            Unit(
                code=f"{parent.code}.{i}",
                name=f"Đơn vị {parent.code}.{i}",
                kind="command",
                parent=parent,
                depth=depth,
                sort_key=f"{parent.code}.{i:03d}",
            )
            for parent in levels[-1]
            for i in range(1, fan + 1)
        ]
        created = Unit.objects.bulk_create(batch, batch_size=2000)
        if created[0].pk is None:
            created = list(Unit.objects.filter(depth=depth).order_by("pk"))
        parents = {p.pk: p for p in levels[-1]}
        for unit in created:
            unit.path = parents[unit.parent_id].path + path_segment(unit.pk)
        Unit.objects.bulk_update(created, ["path"], batch_size=2000)
        levels.append(created)
    # Where each unit sits, undated, as `unit_create` records it: the tree of any date (the
    # drill-down's children, "the units directly below") is read from these rows.
    UnitPlacement.objects.bulk_create(
        [UnitPlacement(unit=root, parent=None)]
        + [
            UnitPlacement(unit_id=unit.pk, parent_id=unit.parent_id)
            for level in levels[1:]
            for unit in level
        ],
        batch_size=2000,
    )
    return root, levels


def main() -> None:
    started_all = time.perf_counter()
    log(f"database {DB}, scale {SCALE}: migrating")
    call_command("migrate", verbosity=0)
    root, levels = build_tree()
    leaves = levels[-1]
    units_total = sum(len(level) for level in levels)
    log(f"{units_total} units, {len(leaves)} leaves, {len(levels)} levels")

    resolution = resolutions.resolution_create(
        by=SYSTEM,
        kind="resolution",
        symbol="1-NQ/R",
        issuing_unit=root,
        owner_unit=root,
        subject="Nghị quyết thử tải",
        horizon_from=2013,
        horizon_to=2013 + PERIODS // 2,
        confirm_issuer=True,
    )
    indicators = []
    for i in range(INDICATORS):
        kind = (
            "sum"
            if i < INDICATORS * 3 // 5
            else ("average" if i < INDICATORS * 4 // 5 else "ratio")
        )
        indicators.append(
            resolutions.indicator_create(
                by=SYSTEM,
                resolution=resolution,
                code=f"C{i:02d}",
                name=f"Chỉ tiêu {i}",
                measure_kind="ratio" if kind == "ratio" else "number",
                unit_aggregation=kind,
                time_aggregation="sum" if kind == "sum" else "last",
            )
        )
    # Root targets per year (progress and status need them).
    Target.objects.bulk_create(
        [
            Target(indicator=ind, unit=root, year=year, value=Decimal(1000 * len(leaves)))
            for ind in indicators
            for year in range(2013, 2014 + PERIODS // 2)
        ]
    )
    form = reporting.form_create(
        by=SYSTEM,
        code="F",
        name="Báo cáo thử tải",
        owner_unit=root,
        period_type="half_year",
        resolution=resolution,
        indicators=indicators,
    )
    reporting.form_assign(by=SYSTEM, form=form, units=leaves)
    codes = [f"{2013 + k // 2}-H{k % 2 + 1}" for k in range(PERIODS)]
    periods = [reporting.period_ensure(by=SYSTEM, code=code) for code in codes]
    for period in periods:
        reporting.form_open_period(by=SYSTEM, form=form, period=period)
    log(f"{Report.objects.count()} reports opened")

    # --- Import through the product's path, a period at a time (all-or-nothing each).
    rng = random.Random(7)
    header = "Mã đơn vị,Mã chỉ tiêu,Kỳ,Giá trị,Tử số,Mẫu số,Ghi chú\n"
    values_total = 0
    import_seconds = 0.0
    for period in periods:
        lines = [header]
        for unit in leaves:
            for ind in indicators:
                if ind.unit_aggregation == "ratio":
                    den = rng.randint(20, 60)
                    lines.append(
                        f"{unit.code},{ind.code},{period.code},,{rng.randint(0, den)},{den},\n"
                    )
                else:
                    lines.append(
                        f"{unit.code},{ind.code},{period.code},{rng.randint(500, 1500)},,,\n"
                    )
        text = "".join(lines)
        started = time.perf_counter()
        problems = Problems()
        rows = read_csv_rows(text, problems)
        counts = reporting.values_import(
            by=SYSTEM, form=form, rows=rows, sheet="CSV", then="approve"
        )
        import_seconds += time.perf_counter() - started
        values_total += counts["values"]
        log(
            f"{period.code}: {counts['values']} values, {values_total / import_seconds:,.0f} values/s so far"
        )
    results: dict[str, object] = {
        "units": units_total,
        "leaves": len(leaves),
        "indicators": INDICATORS,
        "periods": PERIODS,
        "values": values_total,
        "import_values_per_s": values_total / import_seconds,
        "import_seconds": import_seconds,
    }

    # --- The completeness rows rebuilt from scratch (what `rebuild_completeness` does).
    from tongket.reporting.services.completeness import rebuild as completeness_rebuild

    started = time.perf_counter()
    with transaction.atomic():
        results["completeness_rows"] = completeness_rebuild()
    results["completeness_rebuild_seconds"] = time.perf_counter() - started
    if DB == "postgres":
        # What an operator runs after loading millions of rows (docs/operations.md), so that
        # autovacuum's pass over the new rows does not run under the measured reads.
        from django.db import connection

        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        log(f"VACUUM ANALYZE after the import: {time.perf_counter() - started:.1f} s")

    # Measured as the server runs: its processes settle their garbage collector once loaded
    # (tongket.core.collector, from config/wsgi.py); unsettled, a full pass over every object
    # this process holds lands inside one measured call in twenty or so.
    from tongket.core.collector import settle

    settle()

    # --- Reads from the roll-ups.
    period = periods[-1]
    mid = levels[2][0]
    below = selectors.children_at(user=SYSTEM, unit=mid, period=period)
    if len(below) != BRANCHING[2]:
        raise RuntimeError(f"the drill-down unit has {len(below)} children, not {BRANCHING[2]}")

    def root_dashboard() -> None:
        selectors.figures(user=SYSTEM, unit=root, period=period, indicators=indicators)
        selectors.completeness(user=SYSTEM, unit=root, period=period, forms=[form])

    def drill_down() -> None:
        children = selectors.children_at(user=SYSTEM, unit=mid, period=period)
        selectors.figures_for_units(
            user=SYSTEM, units=[mid, *children], period=period, indicators=indicators
        )
        selectors.completeness(user=SYSTEM, unit=mid, period=period, forms=[form])

    def root_trend() -> None:
        selectors.trends(user=SYSTEM, unit=root, indicators=indicators[:1], periods=periods)

    def pivot() -> None:
        # The analysis app's pivot: every indicator × the root's children × four half-years.
        from tongket.analysis.pivot import pivot_table
        from tongket.analysis.spec import clean_spec

        spec = clean_spec(
            user=SYSTEM,
            data={
                "indicators": [i.pk for i in indicators],
                # The root's children by id: the benchmark's bulk-made tree has no dated
                # placements for "the units directly below" to follow.
                "units": [u.pk for u in levels[1]],
                "periods": [p.code for p in periods[-4:]],
                "rows": ["unit", "indicator"],
                "columns": ["period"],
            },
        )
        pivot_table(user=SYSTEM, spec=spec)

    def batch_figures() -> None:
        # /api/v1/analytics/figures/'s read: the pivot's cells, one read for all of them.
        selectors.figures_grid(
            user=SYSTEM, indicators=indicators, units=levels[1], periods=periods[-4:]
        )

    def dashboard_reporting() -> None:
        # The dashboard page's reporting reads: the periods with data, the default period,
        # the completeness heat map of the root's children over every period.
        selectors.resolution_periods(resolution=resolution)
        selectors.latest_reported_period(user=SYSTEM, resolution=resolution, unit=root)
        selectors.completeness_map(user=SYSTEM, unit=root, periods=periods, forms=[form])

    results["root_dashboard"] = timed(root_dashboard)
    results["dashboard_reporting"] = timed(dashboard_reporting)
    results["pivot"] = timed(pivot)
    results["batch_figures"] = timed(batch_figures)
    results["drill_down"] = timed(drill_down)
    results["trend"] = timed(root_trend)
    log(f"reads: {results['root_dashboard']}, {results['drill_down']}, {results['trend']}")

    # --- Submitting one 50-value report, roll-ups included (a fresh period).
    fresh = reporting.period_ensure(by=SYSTEM, code=f"{2013 + PERIODS // 2 + 1}-H1")
    reporting.form_open_period(by=SYSTEM, form=form, period=fresh)
    drafts = list(
        Report.objects.filter(form=form, period=fresh).select_related("unit", "period", "form")[
            :REPEAT
        ]
    )
    samples = []
    saves = []
    visible = True
    for report in drafts:
        entries = {}
        for ind in indicators:
            if ind.unit_aggregation == "ratio":
                entries[ind.pk] = Entry(
                    numerator=Decimal(30), denominator=Decimal(40), comment="Đã kiểm tra"
                )
            else:
                entries[ind.pk] = Entry(Decimal(1000), comment="Đã kiểm tra")
        started = time.perf_counter()
        report = reporting.report_save(by=SYSTEM, report=report, entries=entries)
        saves.append((time.perf_counter() - started) * 1000)
        before = selectors.figures(user=SYSTEM, unit=root, period=fresh, indicators=indicators[:1])[
            0
        ]
        started = time.perf_counter()
        reporting.report_submit(by=SYSTEM, report=report)
        samples.append((time.perf_counter() - started) * 1000)
        after = selectors.figures(user=SYSTEM, unit=root, period=fresh, indicators=indicators[:1])[
            0
        ]
        visible = visible and (after.value or 0) == (before.value or 0) + 1000
    results["submit"] = summary(samples)
    results["save"] = summary(saves)
    results["visible_next_request"] = visible
    log(f"submit: {results['submit']}, visible at once: {visible}")

    # --- Through HTTP as a scoped user, then under load (bench/http_stage.py).
    if os.environ.get("BENCH_HTTP", "1") != "0":
        results.update(
            http_stage(
                root=root,
                mid=mid,
                children=levels[1],
                indicators=indicators,
                periods=periods,
                resolution=resolution,
                repeat=REPEAT,
                log=log,
            )
        )

    # --- The DHIS2-style baseline on the same data.
    results.update(baseline(levels, indicators, period, periods, mid))
    results["total_minutes"] = (time.perf_counter() - started_all) / 60
    write_doc(results, db=DB, scale=SCALE, branching=BRANCHING)
    log("done")


def baseline(levels, indicators, period, periods, mid) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """A denormalised analytics table rebuilt from scratch, then GROUP BY queries."""
    depth = len(levels)
    seg = PATH_SEGMENT
    columns = ", ".join(
        f"CAST(SUBSTR(r.path_then, {k * seg + 1}, {seg}) AS BIGINT) AS l{k}" for k in range(depth)
    )
    dv, rp = DataValue._meta.db_table, Report._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS analytics_flat")
        started = time.perf_counter()
        with transaction.atomic():
            cursor.execute(
                f"CREATE TABLE analytics_flat AS SELECT v.indicator_id, v.period_id, v.value, "
                f"v.numerator, v.denominator, r.state, {columns} "
                f"FROM {dv} v JOIN {rp} r ON r.id = v.report_id WHERE v.value IS NOT NULL"
            )
            for k in range(depth):
                cursor.execute(
                    f"CREATE INDEX analytics_flat_l{k} ON analytics_flat (period_id, l{k})"
                )
            cursor.execute(
                "CREATE INDEX analytics_flat_ind ON analytics_flat (indicator_id, l0, period_id)"
            )
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE analytics_flat")
        rebuild = time.perf_counter() - started
        root_id = levels[0][0].pk
        mid_level = mid.depth

        def root_query() -> None:
            cursor.execute(
                "SELECT indicator_id, SUM(value), COUNT(*), SUM(numerator), SUM(denominator) "
                "FROM analytics_flat WHERE period_id = %s AND l0 = %s AND state IN ('submitted', 'approved') "
                "GROUP BY indicator_id",
                [period.pk, root_id],
            )
            cursor.fetchall()

        def drill_query() -> None:
            cursor.execute(
                f"SELECT l{mid_level + 1}, indicator_id, SUM(value), COUNT(*), SUM(numerator), "
                f"SUM(denominator) FROM analytics_flat WHERE period_id = %s AND l{mid_level} = %s "
                f"AND state IN ('submitted', 'approved') GROUP BY l{mid_level + 1}, indicator_id",
                [period.pk, mid.pk],
            )
            cursor.fetchall()

        def trend_query() -> None:
            cursor.execute(
                "SELECT period_id, SUM(value), COUNT(*) FROM analytics_flat WHERE indicator_id = %s "
                "AND l0 = %s AND state IN ('submitted', 'approved') GROUP BY period_id",
                [indicators[0].pk, root_id],
            )
            cursor.fetchall()

        result = {
            "baseline_rebuild_seconds": rebuild,
            "baseline_root": timed(root_query),
            "baseline_drill": timed(drill_query),
            "baseline_trend": timed(trend_query),
        }
        cursor.execute("DROP TABLE analytics_flat")
    log(f"baseline: rebuild {rebuild:.1f} s, {result['baseline_root']}")
    return result


if __name__ == "__main__":
    main()
