"""Who is told when targets change. Reporting keeps the roll-ups' "units meeting their target"
counts and the `met` flags of the values the targets judge; it builds on resolutions, so it
registers here at start-up (`ReportingConfig.ready`) instead of being imported."""

from __future__ import annotations

from collections.abc import Callable

from tongket.resolutions.models import Indicator

# Called as follower(indicator=..., keys=[(unit id, year or None for every year), ...]).
TargetsFollower = Callable[..., None]
_FOLLOWERS: list[TargetsFollower] = []


def follow_targets_changed(follower: TargetsFollower) -> TargetsFollower:
    """Have `follower` told of targets set, adjusted or imported, in the writing transaction
    (an error in it refuses the change). Registered once, however often it is called."""
    if follower not in _FOLLOWERS:
        _FOLLOWERS.append(follower)
    return follower


def tell_targets_changed(*, indicator: Indicator, keys: list[tuple[int, int | None]]) -> None:
    for follower in _FOLLOWERS:
        follower(indicator=indicator, keys=keys)
