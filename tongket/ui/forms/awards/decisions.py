"""Forms of the decision pages: starting and issuing a decision, the counts a decision
carries, a decision recorded from paper, and its named list imported."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongket.awards.choices import NomineeKind
from tongket.ui.forms.awards.base import AwardScopedForm, form_choices
from tongket.ui.forms.fields import ReachUnitField, StyledForm, UnitField, date_field


class DecisionStartForm(AwardScopedForm):
    """Which authority and form the decision is for (the approved nominations follow)."""

    issuer = UnitField(label=_("Issuing authority"))
    form = forms.TypedChoiceField(label=_("Form or title"), coerce=int)

    def __init__(self, *args: Any, award_forms: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = form_choices(award_forms, _("Choose…"))
        self.fields["form"].error_messages["required"] = _("Choose the form or title.")
        self.award_forms = {f.pk: f for f in award_forms}


class DecisionIssueForm(StyledForm):
    issued_on = date_field(_("Date of the decision"))
    reason = forms.CharField(
        label=_("For (achievement in words)"),
        required=False,
        max_length=1000,
        help_text=_("Empty: “for outstanding achievements in carrying out” the campaign."),
    )
    signer_title = forms.CharField(label=_("Signer's title"), required=False, max_length=200)
    signer_name = forms.CharField(label=_("Signer's name"), required=False, max_length=200)
    campaign = forms.TypedChoiceField(
        label=_("Review campaign"), required=False, coerce=int, empty_value=None
    )
    nominations = forms.TypedMultipleChoiceField(
        label=_("Awardees"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, candidates: list[Any], campaigns: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].choices = [(n.pk, n.nominee_name) for n in candidates]
        self.fields["campaign"].choices = [("", _("None"))] + [(c.pk, c.title) for c in campaigns]
        self.candidates = {n.pk: n for n in candidates}
        self.campaigns = {c.pk: c for c in campaigns}


class DecisionCountsForm(AwardScopedForm):
    """The counts a decision carries, as decisions write them: so many collectives and
    individuals awarded, and so many proposed to a higher authority for another form."""

    awarded_collectives = forms.IntegerField(
        label=_("Collectives awarded"), required=False, min_value=0, max_value=100000
    )
    awarded_individuals = forms.IntegerField(
        label=_("Individuals awarded"), required=False, min_value=0, max_value=100000
    )
    proposed_form = forms.TypedChoiceField(
        label=_("Proposed upward for"), required=False, coerce=int, empty_value=None
    )
    proposed_to = ReachUnitField(label=_("Proposed to"), required=False)
    proposed_collectives = forms.IntegerField(
        label=_("Collectives proposed"), required=False, min_value=0, max_value=100000
    )
    proposed_individuals = forms.IntegerField(
        label=_("Individuals proposed"), required=False, min_value=0, max_value=100000
    )
    # The decision's version as the page showed it (the service refuses a stale one).
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, award_forms: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["proposed_form"].choices = form_choices(award_forms, _("(none)"))
        self.award_forms = {f.pk: f for f in award_forms}

    @staticmethod
    def initial_from(rows: list[Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for row in rows:
            kind = "collectives" if row.nominee_kind == NomineeKind.COLLECTIVE else "individuals"
            initial[f"{row.outcome}_{kind}"] = row.count
            if row.outcome == "proposed":
                initial["proposed_form"] = row.form_id
                initial["proposed_to"] = row.proposed_to
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        rows: list[dict[str, Any]] = []
        for kind, field in (
            (NomineeKind.COLLECTIVE, "collectives"),
            (NomineeKind.INDIVIDUAL, "individuals"),
        ):
            if data.get(f"awarded_{field}"):
                rows.append(
                    {"outcome": "awarded", "nominee_kind": kind, "count": data[f"awarded_{field}"]}
                )
        proposed = [
            (kind, data.get(f"proposed_{field}"))
            for kind, field in (
                (NomineeKind.COLLECTIVE, "collectives"),
                (NomineeKind.INDIVIDUAL, "individuals"),
            )
            if data.get(f"proposed_{field}")
        ]
        if proposed:
            if not data.get("proposed_form"):
                self.add_error("proposed_form", _("Choose the form proposed."))
            if not data.get("proposed_to"):
                self.add_error("proposed_to", _("Name the authority it is proposed to."))
            if not self.errors:
                for kind, number in proposed:
                    rows.append(
                        {
                            "outcome": "proposed",
                            "form": self.award_forms[data["proposed_form"]],
                            "nominee_kind": kind,
                            "count": number,
                            "proposed_to": data["proposed_to"],
                        }
                    )
        data["counts"] = rows
        return data


class DecisionRecordForm(DecisionCountsForm):
    """A decision already taken, entered as written on paper (no document is generated)."""

    issuer = UnitField(label=_("Issuing authority"))
    form = forms.TypedChoiceField(label=_("Form or title"), coerce=int)
    symbol = forms.CharField(label=_("Number and symbol"), required=False, max_length=128)
    issued_on = date_field(_("Date of the decision"))
    reason = forms.CharField(label=_("For (achievement in words)"), required=False, max_length=1000)

    campaign = forms.TypedChoiceField(
        label=_("Review campaign"), required=False, coerce=int, empty_value=None
    )

    field_order = ["issuer", "form", "symbol", "issued_on", "campaign", "reason"]

    def __init__(self, *args: Any, award_forms: list[Any], campaigns: list[Any], **kwargs: Any):
        super().__init__(*args, award_forms=award_forms, **kwargs)
        self.campaigns = {c.pk: c for c in campaigns}
        self.fields["campaign"].choices = [("", _("(none)"))] + [(c.pk, c.title) for c in campaigns]
        self.fields["form"].choices = form_choices(award_forms, _("Choose…"))
        self.fields["form"].error_messages["required"] = _("Choose the form or title.")


class DecisionListImportForm(StyledForm):
    """The named list of a decision recorded from paper, as a workbook."""

    file = forms.FileField(
        label=_("List of awardees (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an Excel workbook (.xlsx)."))
        return upload


class DecisionListConfirmForm(forms.Form):
    """The confirmation of a previewed list (hidden fields of its button): the token of the
    file held on the server since the preview, and the decision's version as read."""

    staged = forms.CharField(max_length=64)
    version = forms.IntegerField(required=False, min_value=1)
