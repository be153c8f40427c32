"""`tongket serve` sizes gunicorn for the machine: 2 × cores + 1 processes of 2 threads,
idle connections kept 5 s, each overridable by a variable."""

from __future__ import annotations

from tongket.core.management.commands import serve


def parsed(*args: str):  # type: ignore[no-untyped-def]
    return serve.Command().create_parser("tongket", "serve").parse_args(list(args))


def test_on_two_cores_it_starts_five_processes_of_two_threads(monkeypatch):
    for name in ("TONGKET_WORKERS", "TONGKET_THREADS", "TONGKET_KEEPALIVE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(serve, "cores", lambda: 2)
    options = parsed()
    assert (options.workers, options.threads, options.keep_alive) == (5, 2, 5)


def test_the_variables_and_options_override_the_defaults(monkeypatch):
    monkeypatch.setenv("TONGKET_WORKERS", "3")
    monkeypatch.setenv("TONGKET_THREADS", "8")
    monkeypatch.setenv("TONGKET_KEEPALIVE", "75")
    options = parsed()
    assert (options.workers, options.threads, options.keep_alive) == (3, 8, 75)
    assert parsed("--workers", "9").workers == 9


def test_gunicorn_is_started_with_threads_and_keep_alive():
    command = serve.gunicorn_command(bind="127.0.0.1:8000", workers=5, threads=2, keepalive=5)
    joined = " ".join(command)
    assert "--workers 5 --threads 2 --worker-class gthread --keep-alive 5" in joined
