"""Validation rules people define over a report form's indicators: kept by the tracking
officers and administrators of the unit that collects the form."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongket.analysis.choices import Importance, Operator
from tongket.analysis.expressions import ExpressionError, codes, parse
from tongket.analysis.models import ValidationRule
from tongket.core import scopes
from tongket.core.errors import DomainError
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize
from tongket.org import policy
from tongket.org.policy import Action
from tongket.reporting.models import FormIndicator, ReportForm

FIELDS = ("code", "name", "left", "operator", "right", "importance", "message", "is_active")


def _side(text: str, field: str, known: set[str]) -> str:
    text = normalize(text or "").strip()
    try:
        used = codes(parse(text))
    except ExpressionError as error:
        raise DomainError(error.message, field=field) from error
    unknown = [code for code in used if code not in known]
    if unknown:
        raise DomainError(
            _("The form does not ask %(codes)s.") % {"codes": ", ".join(unknown)}, field=field
        )
    return text


def _clean(form: ReportForm, data: dict[str, Any], exclude: int | None = None) -> dict[str, Any]:
    known = {
        code.upper()
        for code in FormIndicator.objects.filter(form=form).values_list(
            "indicator__code", flat=True
        )
    }
    cleaned: dict[str, Any] = {}
    if "code" in data:
        code = normalize(data["code"] or "").strip().upper().replace(" ", "")
        if not code or len(code) > 32:
            raise DomainError(_("Enter a code of at most 32 characters."), field="code")
        taken = ValidationRule.objects.filter(form=form, code=code)
        if exclude is not None:
            taken = taken.exclude(pk=exclude)
        if taken.exists():
            raise DomainError(
                _("The form already has a rule %(code)s.") % {"code": code}, field="code"
            )
        cleaned["code"] = code
    for field in ("name", "message"):
        if field in data:
            text = normalize(data[field] or "").strip()
            if not text:
                raise DomainError(_("This field is required."), field=field)
            cleaned[field] = text[: 200 if field == "name" else 500]
    for field in ("left", "right"):
        if field in data:
            cleaned[field] = _side(data[field], field, known)
    if "operator" in data:
        if data["operator"] not in Operator.values:
            raise DomainError(_("Choose an operator."), field="operator")
        cleaned["operator"] = data["operator"]
    if "importance" in data:
        if data["importance"] not in Importance.values:
            raise DomainError(_("Choose an importance."), field="importance")
        cleaned["importance"] = data["importance"]
    if "is_active" in data:
        cleaned["is_active"] = bool(data["is_active"])
    return cleaned


def rule_create(
    *,
    by: Any,
    form: ReportForm,
    code: str,
    name: str,
    left: str,
    operator: str,
    right: str,
    message: str,
    importance: str = Importance.MEDIUM,
    is_active: bool = True,
) -> ValidationRule:
    """A rule over `form`'s indicators (keepers of the form's collecting unit). Both sides
    must parse and name only indicators the form asks."""
    scopes.require_role(
        by,
        form.owner_unit,
        policy.roles(Action.KEEP_GROUPS_AND_RULES),
        _("define validation rules"),
    )
    cleaned = _clean(
        form,
        {
            "code": code,
            "name": name,
            "left": left,
            "operator": operator,
            "right": right,
            "message": message,
            "importance": importance,
            "is_active": is_active,
        },
    )
    rule = ValidationRule(form=form, **cleaned)
    with transaction.atomic():
        rule.save()
        changelog_record(
            by=by,
            action="validation_rule_create",
            obj=rule,
            after=snapshot(rule),
            unit_path=form.owner_unit.path,
        )
    return rule


def rule_update(
    *, by: Any, rule: ValidationRule, version: int | None = None, **changes: Any
) -> ValidationRule:
    """Change a rule (its form's keepers); `version` as read refuses a stale change."""
    form = rule.form
    scopes.require_role(
        by,
        form.owner_unit,
        policy.roles(Action.KEEP_GROUPS_AND_RULES),
        _("define validation rules"),
    )
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    cleaned = _clean(form, changes, exclude=rule.pk)
    before = snapshot(rule)
    with transaction.atomic():
        current = ValidationRule.objects.select_for_update().get(pk=rule.pk)
        if version is not None and current.version != version:
            raise DomainError(
                _("This rule was changed by someone else since you opened it: reload it."),
                field="version",
                code="conflict",
            )
        for field, value in cleaned.items():
            setattr(current, field, value)
        current.version += 1
        current.save()
        changelog_record(
            by=by,
            action="validation_rule_update",
            obj=current,
            before=before,
            after=snapshot(current),
            unit_path=form.owner_unit.path,
        )
    return current


def rule_delete(*, by: Any, rule: ValidationRule) -> None:
    form = rule.form
    scopes.require_role(
        by,
        form.owner_unit,
        policy.roles(Action.KEEP_GROUPS_AND_RULES),
        _("define validation rules"),
    )
    with transaction.atomic():
        changelog_record(
            by=by,
            action="validation_rule_delete",
            obj=rule,
            before=snapshot(rule),
            unit_path=form.owner_unit.path,
        )
        rule.delete()
