"""Forms of the commendation catalogues: award forms, authorities, quotas and awarding
levels."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from tongket.awards.choices import BodyLevel, FormCategory, NomineeKind, QuotaBasis
from tongket.core.numbers import NotANumber, parse_number
from tongket.ui.forms.awards.base import AwardScopedForm, form_choices, year_choices
from tongket.ui.forms.fields import ReachUnitField, StyledForm, UnitField, date_field


class AwardFormForm(StyledForm):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=300)
    category = forms.ChoiceField(label=_("Category"), choices=FormCategory.choices)
    for_collectives = forms.BooleanField(label=_("For collectives"), required=False)
    for_individuals = forms.BooleanField(label=_("For individuals"), required=False)
    rank = forms.IntegerField(
        label=_("Rank (higher is more prestigious)"), min_value=0, max_value=999
    )
    repeat_years = forms.IntegerField(
        label=_("Not again within (years)"), min_value=0, max_value=50
    )
    min_share_met = forms.IntegerField(
        label=_("Criterion: indicators met (%)"), required=False, min_value=0, max_value=100
    )
    min_completeness = forms.IntegerField(
        label=_("Criterion: periodic reports received (%)"),
        required=False,
        min_value=0,
        max_value=100,
    )
    valid_from = date_field(_("Valid from"), required=False)
    valid_to = date_field(_("Valid until"), required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), required=False, max_length=300)


class AuthorityForm(AwardScopedForm):
    form = forms.TypedChoiceField(label=_("Form or title"), coerce=int)
    unit = UnitField(label=_("A named unit"), required=False)
    body_level = forms.ChoiceField(
        label=_("Or every body at the level"),
        required=False,
        choices=[("", _("(none)")), *BodyLevel.choices],
    )
    unit_kind = forms.CharField(label=_("Only units of the kind"), required=False, max_length=32)
    valid_from = date_field(_("Valid from"), required=False)
    valid_to = date_field(_("Valid until"), required=False)

    def __init__(self, *args: Any, award_forms: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = form_choices(award_forms, _("Choose…"))
        self.fields["form"].error_messages["required"] = _("Choose the form or title.")
        self.award_forms = {f.pk: f for f in award_forms}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("unit") and not data.get("body_level") and not self.errors:
            self.add_error("unit", _("Name a unit or a level."))
        if (
            data.get("valid_from")
            and data.get("valid_to")
            and data["valid_to"] < data["valid_from"]
        ):
            self.add_error("valid_to", _("The end date is before the start date."))
        return data


class QuotaValueField(forms.CharField):
    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if text in (None, ""):
            return None
        try:
            return parse_number(text)
        except NotANumber:
            raise forms.ValidationError(
                _t("“%(text)s” is not a number (write e.g. 10 or 12,5).") % {"text": text}
            ) from None


class QuotaForm(AwardScopedForm):
    unit = UnitField(label=_("Body"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    form = forms.TypedChoiceField(
        label=_("Form or title"), required=False, coerce=int, empty_value=None
    )
    nominee_kind = forms.ChoiceField(
        label=_("For"), required=False, choices=[("", _("Both")), *NomineeKind.choices]
    )
    basis = forms.ChoiceField(label=_("Basis"), choices=QuotaBasis.choices)
    value = QuotaValueField(label=_("Value"), max_length=20)
    headcount = forms.IntegerField(
        label=_("Headcount"),
        required=False,
        min_value=1,
        help_text=_("For a share of the headcount."),
    )

    def __init__(self, *args: Any, award_forms: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()
        self.fields["form"].choices = form_choices(award_forms, _("Every form"))
        self.award_forms = {f.pk: f for f in award_forms}


class AwardingLevelForm(AwardScopedForm):
    unit = ReachUnitField(label=_("Body"))
    level = forms.ChoiceField(
        label=_("Gives commendations at the level"),
        required=False,
        choices=[("", _("(none: remove)")), *BodyLevel.choices],
    )
    standing_agency = ReachUnitField(
        label=_("Emulation standing agency"),
        required=False,
        help_text=_(
            "The unit below the body that issues its proposals for the awards it decides "
            "itself (its political agency, department of home affairs…); empty: the body."
        ),
    )
