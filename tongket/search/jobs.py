"""The background jobs of the index (`tongket.core.jobs`): reading an uploaded file's text,
refreshing the entries of many records written at once (a bulk import, a restructuring),
and refreshing the whole index after a change that reaches many entries."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tongket.core import jobs, scopes

FILE_READ = "search.read_file"
REINDEX = "search.reindex"
REFRESH = "search.refresh"


def _file_read(*, job: Any, by: Any) -> dict[str, Any]:
    from tongket.search.services import file_text_read

    entry = file_text_read(source=job.params["source"], pk=int(job.params["pk"]))
    return {"characters": len(entry.body) if entry is not None else 0}


def _reindex(*, job: Any, by: Any) -> dict[str, Any]:
    from tongket.search.services import index_rebuild
    from tongket.search.sources import SOURCES

    done = 0

    def report(label: str, count: int) -> None:
        nonlocal done
        done += 1
        jobs.job_progress(job, done, len(SOURCES), label)

    return index_rebuild(files=bool(job.params.get("files")), report=report)


def _refresh(*, job: Any, by: Any) -> dict[str, Any]:
    from tongket.search.services import entries_refresh

    rows: dict[str, list[int]] = job.params.get("rows", {})
    counts: dict[str, Any] = {}
    for done, (label, pks) in enumerate(rows.items(), start=1):
        counts[label] = entries_refresh(source=label, pks=pks)
        jobs.job_progress(job, done, len(rows), label)
    return counts


def register_kinds() -> None:
    jobs.register(FILE_READ)(_file_read)
    jobs.register(REINDEX)(_reindex)
    jobs.register(REFRESH)(_refresh)


def file_read_start(*, source: str, instance: Any) -> Any:
    """Start reading a new upload's text (after the upload's transaction commits)."""
    by = getattr(instance, "uploaded_by", None) or scopes.SYSTEM
    return jobs.job_start(
        by=by,
        kind=FILE_READ,
        title=_("Reading the text of %(name)s for search") % {"name": instance.name},
        params={"source": source, "pk": instance.pk},
    )


def reindex_start(*, files: bool = False) -> Any:
    return jobs.job_start(
        by=scopes.SYSTEM,
        kind=REINDEX,
        title=_("Refreshing the search index"),
        params={"files": files},
    )


def refresh_start(*, rows: dict[str, set[int]]) -> Any:
    """Refresh the entries of these records (source label → primary keys) in the background."""
    return jobs.job_start(
        by=scopes.SYSTEM,
        kind=REFRESH,
        title=_("Refreshing the search index after a bulk change"),
        params={"rows": {label: sorted(pks) for label, pks in rows.items() if pks}},
    )
