"""The benchmark's HTTP stage: what a user waits for, through the real server.

Run by `bench/run.py` on the data it has just loaded (skip it with `BENCH_HTTP=0`):

1. `tongket serve` (gunicorn, the defaults for this machine's cores, no job worker) is started
   on the benchmark's database, after `collectstatic`.
2. `BENCH_USERS` tracking officers granted the root unit, not the system user, are logged in
   (session cookies), so every read pays the scope checks a real user pays.
3. Sequential reads as the first officer, each `REPEAT` times, compressed as a browser asks:
   the root dashboard page with and without a period (the default period is then worked
   out), the root analytics API call, a mid-level drill-down (`children=true`), a trend over
   every period, the batch figures of every indicator at the root
   (`/api/v1/analytics/figures/`), the pivot's data (`/api/v1/visualizations/data/`) and
   `/healthz`. Twice: first with the data generation moved before each request (as a write
   anywhere does), so every answer is worked out afresh; then asked again with nothing
   changed, so the officer is served the cached read (tongket.core.read_cache).
4. A load stage: `BENCH_USERS` simulated users (threads, each signed in as their own officer,
   each with its own keep-alive connection: no user is served another's cached read) for
   `BENCH_LOAD_SECONDS`, each waiting a random think time between requests (`BENCH_THINK`,
   seconds, "1-3,5-15" by default: one stage per think time, brisk and human pacing), over a mix of the reads
   above (not the pivot). It reports requests served, p50, p95, the slowest, and errors (any
   answer other than 200, or no answer within 30 s).

The load generator runs on the same two cores as the server and the database, so the load
figures are pessimistic: every millisecond the generator spends is taken from the server."""

from __future__ import annotations

import gzip
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8765"))
TIMEOUT = 30.0


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "p50": statistics.median(samples) if samples else 0.0,
        "p95": percentile(samples, 0.95),
    }


class Browser:
    """One user's keep-alive connection with a session cookie."""

    def __init__(self, cookie: str) -> None:
        self.cookie = cookie
        self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=TIMEOUT)
        self.body = b""

    def get(self, path: str) -> tuple[int, float]:
        """Status and milliseconds for one GET (the body read to its end; the last one kept
        in `body`, to say why a request was refused). When the server has closed the idle
        keep-alive connection (after its `--keep-alive` seconds), the request is sent again
        on a new connection, as a browser does, and the time counts both."""
        headers = {
            "Cookie": self.cookie,
            "Accept-Encoding": "gzip",
            "Accept-Language": "vi",
            "Host": f"127.0.0.1:{PORT}",
        }
        started = time.perf_counter()
        reused = self.connection.sock is not None
        try:
            status = self._ask(path, headers)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self._reconnect()
            status = self._ask_or_fail(path, headers) if reused else 0
        except (OSError, http.client.HTTPException):
            self._reconnect()
            status = 0
        return status, (time.perf_counter() - started) * 1000

    def _ask(self, path: str, headers: dict[str, str]) -> int:
        self.connection.request("GET", path, headers=headers)
        response = self.connection.getresponse()
        self.body = response.read()
        if response.getheader("Content-Encoding") == "gzip":
            self.body = gzip.decompress(self.body)
        return response.status

    def _ask_or_fail(self, path: str, headers: dict[str, str]) -> int:
        try:
            return self._ask(path, headers)
        except (OSError, http.client.HTTPException):
            self._reconnect()
            return 0

    def _reconnect(self) -> None:
        self.connection.close()
        self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=TIMEOUT)

    def close(self) -> None:
        self.connection.close()


def start_server(env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [
        str(Path(sys.executable).with_name("tongket")),
        "serve",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--no-worker",
    ]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/healthz", headers={"Host": f"127.0.0.1:{PORT}"})
            if connection.getresponse().status in (200, 503):
                connection.close()
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError(f"the server did not answer on port {PORT} within a minute")


def officer_cookies(root: Any, count: int) -> list[str]:
    """`count` tracking officers of the root unit, each signed in: their session cookies.
    Distinct users, so that the load stage's users never share cached reads (a cached read
    is per user, tongket.core.read_cache)."""
    from django.conf import settings
    from django.test import Client, override_settings

    from tongket.core.scopes import SYSTEM
    from tongket.org.services.users import user_create

    cookies = []
    # Bench-only logins: a fast hasher, so that making 200 of them takes seconds.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        for n in range(count):
            user = user_create(
                by=SYSTEM,
                username=f"bench.theodoi.{n}",
                password="bench-http-stage-2026",
                unit=root,
                role="tracking_officer",
                check_password=False,
            )
            client = Client()
            client.force_login(user)
            value = client.cookies[settings.SESSION_COOKIE_NAME].value
            cookies.append(f"{settings.SESSION_COOKIE_NAME}={value}")
    return cookies


def paths(
    *, root: Any, mid: Any, indicators: list[Any], periods: list[Any], resolution: Any
) -> dict[str, str]:
    period = periods[-1].code
    first = indicators[0].code

    def query(**params: Any) -> str:
        return urllib.parse.urlencode(params, doseq=True)

    return {
        "dashboard_page": f"/dashboards/resolutions/{resolution.pk}/?"
        + query(unit=root.pk, period=period),
        "dashboard_page_default_period": f"/dashboards/resolutions/{resolution.pk}/?"
        + query(unit=root.pk),
        "api_root": "/api/v1/analytics/?" + query(indicator=first, unit=root.code, period=period),
        "api_drill_down": "/api/v1/analytics/?"
        + query(indicator=first, unit=mid.code, period=period, children="true"),
        "api_trend": "/api/v1/analytics/figures/?"
        + query(indicator=first, unit=root.code, period=",".join(p.code for p in periods)),
        "api_batch_root": "/api/v1/analytics/figures/?"
        + query(indicator=",".join(i.code for i in indicators), unit=root.code, period=period),
        "healthz": "/healthz",
    }


def pivot_path(*, children: list[Any], indicators: list[Any], periods: list[Any]) -> str:
    """The analysis pivot's data endpoint: every indicator × the root's children × the last
    four half-years, units by row, periods by column (kept out of the load mix)."""
    return "/api/v1/visualizations/data/?" + urllib.parse.urlencode(
        {
            "indicators": ",".join(str(i.pk) for i in indicators),
            "units": ",".join(str(u.pk) for u in children),
            "periods": ",".join(p.code for p in periods[-4:]),
            "rows": "unit,indicator",
            "columns": "period",
        }
    )


def sequential(
    cookie: str, targets: dict[str, str], repeat: int, *, worked_out: bool
) -> dict[str, dict[str, float]]:
    """Each target `repeat` times, one request at a time. `worked_out`: the data generation
    is moved before each request (as a write anywhere would), so every answer is worked out
    afresh; otherwise the same user asks again with nothing changed, and is served."""
    from tongket.core import freshness

    browser = Browser(cookie)
    results = {}
    for name, path in targets.items():
        status, _ = browser.get(path)  # warm the process and the connection
        if status != 200:
            browser.close()
            raise RuntimeError(f"{name}: {path} answered {status}: {browser.body[:300]!r}")
        samples = []
        for _ in range(repeat):
            if worked_out:
                freshness.changed()
            status, elapsed = browser.get(path)
            if status != 200:
                raise RuntimeError(f"{name}: {path} answered {status}: {browser.body[:300]!r}")
            samples.append(elapsed)
        results[name] = summary(samples)
    browser.close()
    return results


def warm_up(cookies: list[str], targets: dict[str, str], connections: int = 12) -> None:
    """Every target once on as many parallel connections as the server has threads, so that
    each server process has served each page before the load is measured (a process's first
    request pays its imports and caches)."""

    def one(cookie: str) -> None:
        browser = Browser(cookie)
        for path in targets.values():
            browser.get(path)
        browser.close()

    threads = [
        threading.Thread(target=one, args=(cookies[n % len(cookies)],), daemon=True)
        for n in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)


def load(
    cookies: list[str],
    targets: dict[str, str],
    *,
    users: int,
    seconds: float,
    think: tuple[float, float],
) -> dict[str, Any]:
    """`users` simulated users, each signed in as their own officer, asking a mix of the
    reads with `think` seconds between requests."""
    mix = (
        ["dashboard_page"] * 2
        + ["api_root"] * 4
        + ["api_drill_down"] * 2
        + ["api_trend", "api_batch_root"]
    )
    samples: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def user(seed: int) -> None:
        rng = random.Random(seed)
        browser = Browser(cookies[seed % len(cookies)])
        # Users arrive spread over the first think time, not all in the same millisecond.
        time.sleep(rng.uniform(0, think[1]))
        while time.monotonic() < stop_at:
            status, elapsed = browser.get(targets[rng.choice(mix)])
            with lock:
                if status == 200:
                    samples.append(elapsed)
                else:
                    errors[0] += 1
            time.sleep(rng.uniform(*think))
        browser.close()

    warm_up(cookies, targets)
    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + TIMEOUT + think[1] + 5)
    elapsed = time.monotonic() - started
    return {
        "users": users,
        "seconds": seconds,
        "think": think,
        "requests": len(samples) + errors[0],
        "per_second": (len(samples) + errors[0]) / elapsed,
        "errors": errors[0],
        "p50": statistics.median(samples) if samples else 0.0,
        "p95": percentile(samples, 0.95),
        "max": max(samples) if samples else 0.0,
    }


def http_stage(
    *,
    root: Any,
    mid: Any,
    children: list[Any],
    indicators: list[Any],
    periods: list[Any],
    resolution: Any,
    repeat: int,
    log: Any,
) -> dict[str, Any]:
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    users = int(os.environ.get("BENCH_USERS", "200"))
    cookies = officer_cookies(root, users)
    cookie = cookies[0]
    env = dict(os.environ)
    server = start_server(env)
    try:
        targets = paths(
            root=root, mid=mid, indicators=indicators, periods=periods, resolution=resolution
        )
        pivot = pivot_path(children=children, indicators=indicators, periods=periods)
        every = {**targets, "api_pivot": pivot}
        results: dict[str, Any] = {
            "http": sequential(cookie, every, repeat, worked_out=True),
            "http_served": sequential(cookie, every, repeat, worked_out=False),
        }
        log(f"HTTP reads: {results['http']}")
        log(f"HTTP reads served again: {results['http_served']}")
        # One load stage per think time: brisk users (1–3 s) and human pacing (5–15 s).
        results["loads"] = []
        for think_text in os.environ.get("BENCH_THINK", "1-3,5-15").split(","):
            low, high = (float(part) for part in think_text.split("-", 1))
            outcome = load(
                cookies,
                targets,
                users=users,
                seconds=float(os.environ.get("BENCH_LOAD_SECONDS", "60")),
                think=(low, high),
            )
            log(f"load: {outcome}")
            results["loads"].append(outcome)
        return results
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
