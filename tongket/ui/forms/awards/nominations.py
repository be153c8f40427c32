"""Forms of the nomination pages: the list's filters, a new nomination, the achievement, a
dossier file, the council's vote, rejection, forwarding, and the batch a proposal is made
for."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongket.awards.choices import FileKind, NominationState, NomineeKind
from tongket.ui.forms.awards.base import (
    UPLOAD_ACCEPT,
    AwardScopedForm,
    PersonField,
    form_choices,
    year_choices,
)
from tongket.ui.forms.fields import ReachUnitField, StyledForm, UnitField, date_field


class NominationFilterForm(AwardScopedForm):
    """The nomination list's filters, kept in the URL."""

    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any state")), *NominationState.choices]
    )
    form = forms.TypedChoiceField(
        label=_("Form or title"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(
        label=_("Nominee"), required=False, choices=[("", _("Both")), *NomineeKind.choices]
    )
    campaign = forms.TypedChoiceField(
        label=_("Review campaign"), required=False, coerce=int, empty_value=None
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    unit = UnitField(label=_("Proposed by (and below)"), required=False, help_text="")

    def __init__(self, *args: Any, award_forms: list[Any], campaigns: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = form_choices(award_forms, _("Any form or title"))
        self.fields["campaign"].choices = [("", _("Any campaign"))] + [
            (c.pk, c.title) for c in campaigns
        ]
        self.fields["year"].choices = [("", _("Any year")), *year_choices()]


class NominationCreateForm(AwardScopedForm):
    proposing_unit = UnitField(label=_("Proposed by"))
    nominee_kind = forms.ChoiceField(
        label=_("Nominee"),
        choices=NomineeKind.choices,
        initial=NomineeKind.COLLECTIVE,
        widget=forms.RadioSelect,
    )
    nominee_unit = UnitField(label=_("Collective (a unit)"), required=False)
    nominee_person = PersonField(label=_("Individual (a person)"), required=False)
    form = forms.TypedChoiceField(label=_("Form or title"), coerce=int)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    decider = ReachUnitField(
        label=_("To be decided by"),
        required=False,
        help_text=_("Empty: the proposing unit itself."),
    )
    campaign = forms.TypedChoiceField(
        label=_("Review campaign"), required=False, coerce=int, empty_value=None
    )
    resolution = forms.TypedChoiceField(
        label=_("Resolution"), required=False, coerce=int, empty_value=None
    )
    emulation_period = forms.CharField(
        label=_("Emulation period"),
        required=False,
        max_length=60,
        help_text=_("For example: 2022, or 2020–2025."),
    )
    achievement = forms.CharField(
        label=_("Achievements"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Pre-filled from the nominee's indicator results and reporting record; edit freely."
        ),
    )

    def __init__(
        self,
        *args: Any,
        award_forms: list[Any],
        campaigns: list[Any],
        resolutions: list[Any],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = form_choices(award_forms, _("Choose…"))
        self.fields["form"].error_messages["required"] = _("Choose the form or title.")
        self.fields["year"].choices = year_choices()
        self.fields["campaign"].choices = [("", _("None"))] + [(c.pk, c.title) for c in campaigns]
        self.fields["resolution"].choices = [("", _("None"))] + [
            (r.pk, f"{r.symbol} · {r.subject[:80]}") for r in resolutions
        ]
        self.award_forms = {f.pk: f for f in award_forms}
        self.campaigns = {c.pk: c for c in campaigns}
        self.resolutions = {r.pk: r for r in resolutions}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("nominee_kind")
        if kind == NomineeKind.COLLECTIVE:
            data["nominee_person"] = None
            if not data.get("nominee_unit") and "nominee_unit" not in self.errors:
                self.add_error("nominee_unit", _("Choose the unit proposed."))
        elif kind == NomineeKind.INDIVIDUAL:
            data["nominee_unit"] = None
            if not data.get("nominee_person") and "nominee_person" not in self.errors:
                self.add_error("nominee_person", _("Choose the person proposed."))
        return data


class AchievementForm(StyledForm):
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    achievement = forms.CharField(
        label=_("Achievements"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NominationFileForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind of file"), choices=FileKind.choices)
    file = forms.FileField(
        label=_("File (PDF, DOCX, PNG or JPEG)"),
        error_messages={"required": _("Choose a file."), "empty": _("The file is empty.")},
        widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT}),
    )


class CouncilForm(StyledForm):
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, max_value=999)
    votes_total = forms.IntegerField(label=_("Members voting"), min_value=1, max_value=999)
    on = date_field(_("Council met on"), required=False)
    minutes = forms.FileField(
        label=_("Minutes (PDF, DOCX or image)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT}),
    )


class RejectForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why: the proposing unit reads the reason.")},
    )


class ForwardForm(StyledForm):
    to = forms.TypedChoiceField(label=_("Propose to"), coerce=int)

    def __init__(self, *args: Any, authorities: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(u.pk, u.name) for u in authorities]
        self.fields["to"].error_messages["required"] = _("Choose the authority above.")
        self.fields["to"].error_messages["invalid_choice"] = _(
            "Choose one of the authorities above that may give the form."
        )
        self.authorities = {u.pk: u for u in authorities}


class ProposalForm(forms.Form):
    """The batch a proposal is made for (hidden fields of its button)."""

    proposing_unit = forms.CharField(max_length=64)
    decider = forms.CharField(max_length=64)
    form = forms.IntegerField(min_value=1)
    year = forms.IntegerField(min_value=1945, max_value=2100)
