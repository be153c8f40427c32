"""Reading from a PostgreSQL replica (scale-out).

When TONGKET_REPLICA_DATABASE_URL is set (production settings), reads made outside a write
transaction go to the "replica" alias and writes to the primary. A request that has just
written reads its own writes from the primary: services run in transactions, and inside an
atomic block every read stays on the primary. Dashboards are read on the next request, after
a replica lag measured in milliseconds on a streaming replica; the roll-ups themselves are
always written on the primary in the same transaction as the report.
"""

from __future__ import annotations

from typing import Any

from django.db import connections


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str:
        if connections["default"].in_atomic_block:
            return "default"
        return "replica"

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
