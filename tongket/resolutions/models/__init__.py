"""Resolutions and what they are broken into: objectives, tasks, measures, assignments,
indicators and targets.

A package by part: `records` (resolutions, fields, relations, parties, attachments),
`outline` (items, assignments), `indicators` (indicators, targets, adjustments). Every model
is imported here so that Django finds them; import from here.
"""

from tongket.resolutions.models.indicators import DECIMAL, Indicator, Target, TargetAdjustment
from tongket.resolutions.models.outline import Assignment, Item
from tongket.resolutions.models.records import (
    Field,
    Resolution,
    ResolutionAttachment,
    ResolutionParty,
    ResolutionRelation,
    _attachment_path,
)

__all__ = [
    "DECIMAL",
    "Assignment",
    "Field",
    "Indicator",
    "Item",
    "Resolution",
    "ResolutionAttachment",
    "ResolutionParty",
    "ResolutionRelation",
    "Target",
    "TargetAdjustment",
    "_attachment_path",
]
