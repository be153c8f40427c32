"""The benchmark's page in docs/benchmarks.md: one section per database and scale, rewritten
by each run (the rest of the page is written by hand)."""

from __future__ import annotations

import datetime
import os
import platform
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    cores = os.cpu_count()
    engine = connection.vendor
    if engine == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            engine = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    else:
        import sqlite3

        engine = f"SQLite {sqlite3.sqlite_version}"
    return f"{cpu}, {cores} cores, {memory}; Python {platform.python_version()}; {engine}"


def http_rows(r: dict) -> str:  # type: ignore[type-arg]
    """The HTTP stage's tables (bench/http_stage.py), or a line saying it was skipped."""
    if "http" not in r:
        return "The HTTP stage was skipped (`BENCH_HTTP=0`).\n\n"
    h = r["http"]
    served = r.get("http_served", {})

    def ms(d: dict | None) -> str:  # type: ignore[type-arg]
        return f"{d['p50']:.1f} ms / {d['p95']:.1f} ms" if d else "—"

    rows = [
        ("root dashboard page, period given", "dashboard_page", "p95 ≤ 100 ms"),
        (
            "root dashboard page, default period worked out",
            "dashboard_page_default_period",
            "p95 ≤ 100 ms",
        ),
        ("root analytics API (one indicator, one period)", "api_root", "p95 ≤ 20 ms"),
        (
            "drill-down through the API (a mid-level unit and its children)",
            "api_drill_down",
            "faster than the baseline",
        ),
        (
            f"{r['periods']}-period trend through the API (`analytics/figures`)",
            "api_trend",
            "faster than the baseline",
        ),
        ("every indicator at the root in one call (`analytics/figures`)", "api_batch_root", "—"),
        (
            f"pivot: {r['indicators']} indicators × the root's children × 4 half-years "
            "(`visualizations/data`)",
            "api_pivot",
            "< 100 ms",
        ),
        ("`/healthz`", "healthz", "—"),
    ]
    table = "\n".join(
        f"| {label} | {ms(h.get(key))} | {ms(served.get(key))} | {goal} |"
        for label, key, goal in rows
    )
    loads = "\n".join(
        f"| {load['think'][0]:g}–{load['think'][1]:g} s | {load['users']} | {load['seconds']:g} s "
        f"| {load['requests']:,} ({load['per_second']:.1f}/s) | {load['p50']:.0f} ms "
        f"| {load['p95']:.0f} ms | {load['max']:.0f} ms | {load['errors']} |"
        for load in r["loads"]
    )
    return f"""Through HTTP (`tongket serve`, gunicorn with this machine's defaults), as a tracking
officer granted the root unit, compressed as a browser asks, one request at a time. "Worked
out": the data generation moved before each request (as any write does), so nothing cached
could be served. "Served again": the same officer asks again and nothing changed, so the
cached read is served (tongket.core.read_cache).

| measure | worked out (p50 / p95) | served again (p50 / p95) | goal (PostgreSQL, full scale) |
| --- | --- | --- | --- |
{table}

Under load: simulated users, each signed in as their own officer (none is served another's
cached read), each waiting a random think time between requests, over a mix of the reads
above but the pivot (the load generator shares the machine's cores with the server). Goal:
p95 < 300 ms and 0 errors with 200 users, at 1–3 s and at 5–15 s.

| think time | users | for | requests | p50 | p95 | slowest | errors |
| --- | --- | --- | --- | --- | --- | --- | --- |
{loads}

"""


def write_doc(r: dict, *, db: str, scale: str, branching: list[int]) -> None:  # type: ignore[type-arg]
    def ms(d: dict) -> str:  # type: ignore[type-arg]
        return f"{d['p50']:.1f} ms / {d['p95']:.1f} ms"

    def ratio(ours: dict, theirs: dict) -> str:  # type: ignore[type-arg]
        if not ours["p95"] or not theirs["p95"]:
            return "–"
        factor = theirs["p95"] / ours["p95"]
        return f"{factor:.1f}× faster" if factor >= 1 else f"{1 / factor:.1f}× slower"

    section = f"""## {db} · {scale} scale · {datetime.date.today():%d/%m/%Y}

Machine: {machine()}.
Data: {r["units"]:,} units ({r["leaves"]:,} leaves reporting), {r["indicators"]} indicators,
{r["periods"]} half-year periods, {r["values"]:,} values. Whole run: {r["total_minutes"]:.1f} min.

| measure, read in-process as the system user | result (p50 / p95) | goal (PostgreSQL, full scale) |
| --- | --- | --- |
| import through the product's path | {r["import_values_per_s"]:,.0f} values/s ({r["import_seconds"]:.0f} s) | ≥ 100,000 values/s |
| save one {r["indicators"]}-value draft (values and narrative) | {ms(r["save"])} | — |
| submit one {r["indicators"]}-value report, roll-ups included | {ms(r["submit"])} | p95 ≤ 60 ms |
| root dashboard ({r["indicators"]} indicators, targets, progress, completeness) | {ms(r["root_dashboard"])} | p95 ≤ 20 ms (the root analytics API) |
| dashboard's reporting reads (periods with data, default period, completeness map of the root's children × {r["periods"]} periods) | {ms(r["dashboard_reporting"])} | part of the page's p95 ≤ 100 ms |
| mid-level drill-down (unit and children) | {ms(r["drill_down"])} | faster than the baseline |
| {r["periods"]}-period trend at the root | {ms(r["trend"])} | faster than the baseline |
| pivot: {r["indicators"]} indicators × the root's children × 4 half-years | {ms(r["pivot"])} | < 100 ms |
| batch figures (analytics/figures), the same {r["indicators"] * branching[0] * 4} cells | {ms(r["batch_figures"])} | — |
| new data visible on the next request | {"yes" if r["visible_next_request"] else "NO"} | yes |
| completeness rows rebuilt from the reports (`rebuild_completeness`, kept on write otherwise) | {r["completeness_rows"]:,} rows in {r["completeness_rebuild_seconds"]:.1f} s | — |

{http_rows(r)}DHIS2-style baseline on the same data (denormalised table, one row per value, one column per
ancestor level, fully rebuilt, then GROUP BY):

| measure | baseline | ours vs baseline (p95) |
| --- | --- | --- |
| rebuild (new data invisible meanwhile) | {r["baseline_rebuild_seconds"]:.1f} s | ours: 0 s (kept on write) |
| root dashboard query | {ms(r["baseline_root"])} | {ratio(r["root_dashboard"], r["baseline_root"])} |
| drill-down query | {ms(r["baseline_drill"])} | {ratio(r["drill_down"], r["baseline_drill"])} |
| trend query | {ms(r["baseline_trend"])} | {ratio(r["trend"], r["baseline_trend"])} |

"""
    doc = ROOT / "docs" / "benchmarks.md"
    doc.parent.mkdir(exist_ok=True)
    text = doc.read_text() if doc.exists() else "# Benchmarks\n"
    start, end = f"<!-- bench:{db}:{scale} -->", f"<!-- /bench:{db}:{scale} -->"
    block = f"{start}\n{section}{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    doc.write_text(text)
    print(section)
