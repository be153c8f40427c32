"""Forms of the conference pages: they check the shape of the input; the services decide
everything else."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongket.documents.choices import DocumentKind
from tongket.meetings.choices import MeetingFormat, MeetingKind, TaskStatus, TimeOfDay
from tongket.org import selectors as org_selectors
from tongket.reviews import selectors as review_selectors
from tongket.ui.forms.fields import ReachUnitField, ScopedForm, StyledForm, UnitField, date_field


class MeetingFilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *MeetingKind.choices]
    )
    start = date_field(_("From"), required=False)
    end = date_field(_("To"), required=False)


def _person_label(person: Any) -> str:
    return f"{person.full_name} ({person.unit.name})"


class UnitCodesField(forms.CharField):
    """Several units by their codes, separated by commas or spaces, within the scope."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.user: Any = None
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(getattr(u, "code", str(u)) for u in value)
        return value

    def clean(self, value: Any) -> list[Any]:
        from tongket.core.errors import NotFound

        text = super().clean(value) or ""
        found, missing = [], []
        for code in [c for c in text.replace(",", " ").split() if c]:
            try:
                found.append(org_selectors.unit_resolve_reach(user=self.user, code=code))
            except NotFound:
                missing.append(code)
        if missing:
            raise forms.ValidationError(
                _("No unit you can reach has the code %(codes)s.") % {"codes": ", ".join(missing)}
            )
        return found


class MeetingForm(ScopedForm):
    host_unit = UnitField(label=_("Held by"))
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    session = forms.CharField(
        label=_("Session"), max_length=60, required=False, help_text=_("e.g. “lần thứ nhất”.")
    )
    date = date_field(_("Date"))
    time_of_day = forms.ChoiceField(label=_("Time of day"), choices=TimeOfDay.choices)
    format = forms.ChoiceField(
        label=_("Format"),
        choices=MeetingFormat.choices,
        help_text=_("Bridge points (điểm cầu) are added on the conference's page."),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    chair = forms.ModelChoiceField(label=_("Chaired by"), queryset=None, required=False)
    presenters = forms.ModelMultipleChoiceField(
        label=_("Presenters"), queryset=None, required=False
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Participants"), queryset=None, required=False
    )
    participant_units = UnitCodesField(
        label=_("Participating units"),
        help_text=_("Codes of the units, separated by commas or spaces."),
    )
    guests = forms.CharField(
        label=_("Guests"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    campaign = forms.ModelChoiceField(
        label=_("Review campaign"), queryset=None, required=False, empty_label=_("(none)")
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Documents presented"), queryset=None, required=False
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from tongket.documents.selectors import document_list

        people = org_selectors.person_list(user=self.user)
        for name in ("chair", "presenters", "participants"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = _person_label
        for name in ("presenters", "participants", "documents"):
            self.fields[name].widget.attrs["size"] = 6
            self.fields[name].help_text = _("Hold Ctrl (⌘ on a Mac) to choose several.")
        self.fields["campaign"].queryset = review_selectors.campaign_list(user=self.user)
        self.fields["documents"].queryset = document_list(user=self.user).order_by("-updated_at")
        self.fields["documents"].label_from_instance = lambda d: (
            f"{d.get_kind_display()}: {d.symbol or d.subject[:80]}"
        )
        self.fields["participant_units"].user = self.user
        if editing:
            del self.fields["host_unit"]


class RemoteSiteForm(ScopedForm):
    name = forms.CharField(label=_("Bridge point"), max_length=200)
    unit = ReachUnitField(label=_("Unit"), required=False, help_text="")
    attendees = forms.IntegerField(label=_("Attendees"), required=False, min_value=0)


class SiteRemoveForm(StyledForm):
    site = forms.IntegerField(widget=forms.HiddenInput)


class ConclusionForm(StyledForm):
    text = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 2}))


class TaskForm(ScopedForm):
    title = forms.CharField(label=_("Task"), max_length=500)
    assignee = ReachUnitField(label=_("Assigned to"), help_text="")
    deadline = date_field(_("Deadline"))
    note = forms.CharField(label=_("Note"), required=False)


class TaskStatusForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (TaskStatus.OPEN, TaskStatus.OPEN.label),
            (TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS.label),
            (TaskStatus.DONE, TaskStatus.DONE.label),
        ],
    )
    done_on = date_field(_("Done on"), required=False)
    note = forms.CharField(label=_("Note"), required=False)


class RenderForm(StyledForm):
    kind = forms.ChoiceField(
        choices=[
            (DocumentKind.MINUTES, _("Minutes")),
            (DocumentKind.CONCLUSION_NOTICE, _("Conclusion notice")),
        ]
    )
