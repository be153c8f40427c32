"""What each service's change-log verb means, in words.

The labels live with the change-log presenter, `tongket.core.history`, so that the pages and
the API say the same; add a new verb's label there. Kept here for its import path."""

from __future__ import annotations

from tongket.core.history import ACTION_LABELS, action_label

__all__ = ["ACTION_LABELS", "action_label"]
