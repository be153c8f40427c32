"""Forms of the intake page: the text or file to read, then the records proposed from it
(meeting, people, award counts, conclusions) for the officer to correct and accept."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongket.core import scopes
from tongket.meetings.choices import MeetingFormat, MeetingKind, TimeOfDay
from tongket.org import policy
from tongket.org.models import Rank, Unit
from tongket.org.policy import Action
from tongket.ui.forms.meetings import UnitCodesField

ROLE_CHOICES = [("", _("Present")), ("chair", _("Chair")), ("presenter", _("Presenter"))]


class IntakeReadForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 12, "class": "form-control", "data-testid": "intake-text"}
        ),
        help_text=_("Paste a conference news item, a unit report or an official document."),
    )
    file = forms.FileField(
        label=_("or a file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
        help_text=_(
            "DOCX, PDF with a text layer, TXT or HTML; TCVN3, VNI and VISCII are converted."
        ),
    )
    published = forms.DateField(
        label=_("Published on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
        help_text=_(
            'Gives the year of dates written without one ("Sáng 8-7"). Left empty, the date '
            "the text carries is used, else the year they fall in up to today."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Paste a text or choose a file."))
        return data


class IntakeMeetingForm(forms.Form):
    source_text = forms.CharField(widget=forms.HiddenInput)
    facts = forms.JSONField(widget=forms.HiddenInput)
    file_name = forms.CharField(required=False, widget=forms.HiddenInput)
    conversion = forms.CharField(required=False, widget=forms.HiddenInput)
    host_unit = forms.ModelChoiceField(
        label=_("Held by"),
        queryset=Unit.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=MeetingKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    title = forms.CharField(
        label=_("Title"), max_length=300, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    time_of_day = forms.ChoiceField(
        label=_("Time of day"),
        choices=TimeOfDay.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=MeetingFormat.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host_unit"].queryset = scopes.restrict(
            Unit.objects.filter(dissolved_on__isnull=True),
            user,
            roles=policy.roles(Action.HOST_MEETINGS),
        )


class IntakePersonForm(forms.Form):
    # How a row is named above the form ("Person 1: …"), views.base.call_service.
    row_label = _("Person %(number)s")

    use = forms.BooleanField(label=_("Accept"), required=False, initial=True)
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    rank = forms.ChoiceField(
        label=_("Rank"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    positions = forms.CharField(
        label=_("Positions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
        help_text=_("One per line."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=ROLE_CHOICES,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    match = forms.IntegerField(required=False, widget=forms.HiddenInput)
    create = forms.BooleanField(label=_("Register as a new person"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rank"].choices = [("", "—")] + [
            (name, name) for name in Rank.objects.order_by("order").values_list("name", flat=True)
        ]


class IntakeAwardForm(forms.Form):
    # How a row is named above the form ("Award count 1: …"), views.base.call_service.
    row_label = _("Award count %(number)s")

    use = forms.BooleanField(label=_("Accept"), required=False, initial=True)
    form = forms.CharField(
        label=_("Award form"),
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    collectives = forms.IntegerField(
        label=_("Collectives"),
        min_value=0,
        initial=0,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )
    individuals = forms.IntegerField(
        label=_("Individuals"),
        min_value=0,
        initial=0,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )
    proposed_to_higher = forms.BooleanField(
        label=_("Proposed to a higher authority"), required=False
    )
    given_by = forms.CharField(
        label=_("Given by"),
        max_length=200,
        required=False,
        help_text=_("As the text names it; for a proposal, the authority it goes to."),
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )


class IntakeConclusionForm(forms.Form):
    # How a row is named above the form ("Conclusion 1: …"), views.base.call_service.
    row_label = _("Conclusion %(number)s")

    use = forms.BooleanField(label=_("Accept"), required=False, initial=True)
    text = forms.CharField(
        label=_("Conclusion"),
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
    )
    assignee = forms.ModelChoiceField(
        label=_("Given to"),
        required=False,
        queryset=Unit.objects.filter(dissolved_on__isnull=True),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    units = UnitCodesField(
        label=_("Or to several units"),
        help_text=_("Codes separated by commas or spaces: one task each, followed as one."),
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}),
    )
    deadline_unknown = forms.BooleanField(
        label=_("Deadline not yet determined"),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("assignee") is not None and len(data.get("units") or []) > 1:
            raise forms.ValidationError(_("Give the task to one unit or to several, not both."))
        # A date written in wins over the proposal that none was given.
        if data.get("deadline"):
            data["deadline_unknown"] = False
        return data


PersonFormSet = forms.formset_factory(IntakePersonForm, extra=0)
AwardFormSet = forms.formset_factory(IntakeAwardForm, extra=0)
ConclusionFormSet = forms.formset_factory(IntakeConclusionForm, extra=0)
