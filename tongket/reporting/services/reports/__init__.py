"""Filling and moving periodic reports: draft → submitted → returned → submitted → approved.

Callers: the unit's reporters fill and submit; an approver of the unit directly above
returns, approves and reopens. Every state change keeps the roll-ups and the completeness
counts fresh in the same transaction, writes the change log and notifies the people
concerned.

A package by topic: `access` (who may act, locks), `checks` (entries cleaned, unusual
values, what stops a submission), `entry` (cells, whole drafts, narrative), `workflow`
(submit, return, approve, reopen), `attachments`. Import from here.
"""

from tongket.reporting.services.reports.access import (
    _lock,
    _moment,
    _require_editable,
    can_approve,
    can_fill,
    require_approver,
    require_reporter,
)
from tongket.reporting.services.reports.attachments import (
    report_attachment_add,
    report_attachment_remove,
)
from tongket.reporting.services.reports.checks import (
    Z_LIMIT,
    Entry,
    clean_entry,
    history_of,
    modified_z,
    submission_problems,
    warnings_for,
)
from tongket.reporting.services.reports.entry import narrative_save, report_save, value_save
from tongket.reporting.services.reports.workflow import (
    _people,
    _report_url,
    report_approve,
    report_reopen,
    report_return,
    report_submit,
)

__all__ = [
    "Z_LIMIT",
    "Entry",
    "_lock",
    "_moment",
    "_people",
    "_report_url",
    "_require_editable",
    "can_approve",
    "can_fill",
    "clean_entry",
    "history_of",
    "modified_z",
    "narrative_save",
    "report_approve",
    "report_attachment_add",
    "report_attachment_remove",
    "report_reopen",
    "report_return",
    "report_save",
    "report_submit",
    "require_approver",
    "require_reporter",
    "submission_problems",
    "value_save",
    "warnings_for",
]
