"""Resolutions, their outline, indicators, targets and assignments over REST.

Reads go through the scoped selectors (outside the caller's reach: 404), writes through the
services (rules broken: 400 naming the field; a role missing: 403). A view fetches the object
it acts on before it reads the body, so an object of another branch answers 404 whatever is
sent.

A package by resource: `records` (resolutions), `outline` (objectives, tasks, measures and
indicators), `targets`, `assignments`; `common` holds the helpers the other API views
borrow. Import from here.
"""

from tongket.api.views.resolutions.assignments import AssignmentViewSet
from tongket.api.views.resolutions.common import (
    WORKBOOK_RESPONSE,
    XLSX,
    _counts,
    _fake,
    _query,
    _xlsx,
)
from tongket.api.views.resolutions.outline import IndicatorViewSet, ObjectiveViewSet
from tongket.api.views.resolutions.records import ResolutionViewSet
from tongket.api.views.resolutions.targets import TargetViewSet

__all__ = [
    "WORKBOOK_RESPONSE",
    "XLSX",
    "AssignmentViewSet",
    "IndicatorViewSet",
    "ObjectiveViewSet",
    "ResolutionViewSet",
    "TargetViewSet",
    "_counts",
    "_fake",
    "_query",
    "_xlsx",
]
