"""Progress reported from inside a transaction (an import checks and writes its rows in its
transaction) is written on a connection of its own on PostgreSQL, so the job's page sees it
before the work commits; it never waits on the job's row, and within one step it is written
at most once a second."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

from tongket.core import jobs
from tongket.core.models import Job

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite has one writer: progress waits"
    ),
]


def seen_from_elsewhere(job: Job) -> tuple[Any, ...]:
    """The job's progress and message as another session (the job's page) reads them."""
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute(
                f"SELECT progress, message FROM {Job._meta.db_table} WHERE id = %s",  # noqa: S608 - the model's table
                [job.pk],
            )
            return tuple(cursor.fetchone())
    finally:
        other.close()


def a_job() -> Job:
    return Job.objects.create(kind="reporting.import_values", title="Nhập số liệu")


def test_progress_inside_a_transaction_is_seen_before_the_commit():
    job = a_job()
    with transaction.atomic():
        jobs.job_progress(job, 1, 4, "Đang kiểm tra")
        assert seen_from_elsewhere(job) == (25, "Đang kiểm tra")
        jobs.job_progress(job, 3, 4, "Đang cộng dồn")
        assert seen_from_elsewhere(job) == (75, "Đang cộng dồn")
    assert seen_from_elsewhere(job) == (75, "Đang cộng dồn")


def test_within_a_step_progress_is_written_at_most_so_often(monkeypatch):
    monkeypatch.setattr(jobs, "ASIDE_EVERY", 3600.0)
    job = a_job()
    with transaction.atomic():
        jobs.job_progress(job, 1, 10, "Đang kiểm tra")
        jobs.job_progress(job, 2, 10, "Đang kiểm tra")
        assert seen_from_elsewhere(job) == (10, "Đang kiểm tra")
        jobs.job_progress(job, 5, 10, "Đang cộng dồn")
        assert seen_from_elsewhere(job) == (50, "Đang cộng dồn")


def test_progress_never_waits_on_a_row_the_transaction_holds():
    """The caller's transaction wrote the job's row itself: the progress is skipped after
    the lock timeout instead of waiting for a commit that waits for it."""
    job = a_job()
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(message="Giữ dòng")
        started = time.monotonic()
        jobs.job_progress(job, 1, 2, "Một nửa")
        assert time.monotonic() - started < 10
    assert seen_from_elsewhere(job) == (0, "Giữ dòng")
