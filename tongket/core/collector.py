"""The garbage collector of a server process, set once the application is loaded.

A request of the dashboard or the pivot makes tens of thousands of short-lived objects. With
Python's default thresholds the collector then runs its full (oldest-generation) pass every
few requests, and that pass walks every object the process holds, the whole of Django and
the application included: 30 to 60 ms added to one request in twenty on the benchmark's
pivot (p95 101–114 ms against 75 ms with the collector off). So, once loaded:

- the URL configuration is loaded (it imports every view), then what is alive is moved out
  of the collector's sight (`gc.freeze`): it lives as long as the process anyway;
- the youngest generation is collected after 20,000 allocations instead of 700, and each
  older one after 20 of the younger's passes: fewer passes, each over what requests made.

Cycles are still collected; memory between passes grows by what 20,000 objects hold."""

from __future__ import annotations

import gc

THRESHOLDS = (20_000, 20, 20)


def settle() -> None:
    """Call once the WSGI application is made (config/wsgi.py)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view now, not at a first request
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
