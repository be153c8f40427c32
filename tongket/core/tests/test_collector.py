"""The server's garbage collector, once the application is loaded: what is alive is frozen
out of its sight and its passes are rarer."""

import gc

from tongket.core import collector


def test_settle_freezes_what_is_loaded_and_raises_the_thresholds():
    before = gc.get_threshold()
    try:
        collector.settle()
        assert gc.get_freeze_count() > 10_000  # Django and the application, loaded
        assert gc.get_threshold() == collector.THRESHOLDS
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
