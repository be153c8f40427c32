"""Demo resolutions from the scenario: real numbers, issuers, dates and subjects where the
public sources give them; objectives, indicators and targets are illustrative (marked).

Everything is written through the services, as the system actor.
"""

from __future__ import annotations

from tongket.resolutions.demo.builders import (
    qk2_reporting_units,
    unit_size,
    yearly_target,
)
from tongket.resolutions.demo.loading import (
    is_loaded,
    load,
)
from tongket.resolutions.demo.specs import (
    NOTE,
    R06,
    R382,
    R520,
    R623,
    R765,
    RDL,
    SPECS,
    D,
    Spec,
)

__all__ = [
    "NOTE",
    "R06",
    "R382",
    "R520",
    "R623",
    "R765",
    "RDL",
    "SPECS",
    "D",
    "Spec",
    "is_loaded",
    "load",
    "qk2_reporting_units",
    "unit_size",
    "yearly_target",
]
