"""Forms of the conference pages: they check the shape of the input; the services decide
everything else."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongket.documents.choices import DocumentKind
from tongket.meetings.choices import MeetingFormat, MeetingKind, TaskStatus, TimeOfDay
from tongket.org import partners
from tongket.org.choices import UnitKind
from tongket.reviews import selectors as review_selectors
from tongket.ui.forms.fields import (
    PartnerUnitField,
    RegistryPeopleField,
    RegistryPersonField,
    ScopedForm,
    StyledForm,
    UnitField,
    date_field,
)


class MeetingFilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *MeetingKind.choices]
    )
    start = date_field(_("From"), required=False)
    end = date_field(_("To"), required=False)


class UnitCodesField(forms.CharField):
    """Several units of any branch by their codes, separated by commas or spaces."""

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
                found.append(partners.partner_unit(code=code))
            except NotFound:
                missing.append(code)
        if missing:
            raise forms.ValidationError(
                _("No unit has the code %(codes)s.") % {"codes": ", ".join(missing)}
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
    # People and units of any branch may be named (a Deputy Minister chairing, guests of
    # another department): the pickers search the shared registry.
    chair = RegistryPersonField(label=_("Chaired by"))
    secretary = RegistryPersonField(label=_("Secretary"))
    presenters = RegistryPeopleField(label=_("Presenters"))
    participants = RegistryPeopleField(label=_("Participants"))
    participant_units = UnitCodesField(
        label=_("Participating units"),
        help_text=_("Codes of the units, separated by commas or spaces (any branch)."),
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

        self.fields["documents"].widget.attrs["size"] = 6
        self.fields["documents"].help_text = _("Hold Ctrl (⌘ on a Mac) to choose several.")
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
    unit = PartnerUnitField(label=_("Unit"), required=False, help_text="")
    attendees = forms.IntegerField(label=_("Attendees"), required=False, min_value=0)


class SiteRemoveForm(StyledForm):
    site = forms.IntegerField(widget=forms.HiddenInput)


class ConclusionForm(StyledForm):
    text = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 2}))


class TaskForm(ScopedForm):
    """A task given to one unit, to a body, to several units, or to every unit of a level
    under a unit; `mode` says which the page should record (`task_add` or
    `task_batch_add`)."""

    title = forms.CharField(label=_("Task"), max_length=500)
    assignee = PartnerUnitField(label=_("Assigned to"), required=False)
    group = forms.ModelChoiceField(
        label=_("Or to a body"),
        queryset=None,
        required=False,
        empty_label=_("(none)"),
        help_text=_("A steering committee, drafting team… (its unit reports on the task)."),
    )
    units = UnitCodesField(
        label=_("Or to several units"),
        help_text=_("Codes separated by commas or spaces: one task each, followed as one."),
    )
    root = PartnerUnitField(
        label=_("Or to all units under"),
        required=False,
        help_text=_(
            "e.g. QK2 with one level below and kind command: its divisions and provincial commands."
        ),
    )
    depth = forms.IntegerField(
        label=_("Levels below"), required=False, min_value=1, max_value=10, initial=1
    )
    unit_kind = forms.ChoiceField(
        label=_("Kind of unit"),
        required=False,
        choices=[("", _("Any kind")), *UnitKind.choices],
    )
    deadline = date_field(
        _("Deadline"),
        required=False,
        help_text=_("Leave empty when the conclusion sets no deadline yet."),
    )
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from tongket.org.selectors import body_group_list

        self.fields["group"].queryset = body_group_list(
            user=self.user, reach=True, include_dissolved=False
        )
        self.fields["units"].user = self.user

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = [
            name
            for name, given in (
                ("assignee", data.get("assignee")),
                ("group", data.get("group")),
                ("units", data.get("units")),
                ("root", data.get("root")),
            )
            if given
        ]
        if not chosen:
            raise forms.ValidationError(
                _("Give the task to a unit, a body, several units or a level under a unit.")
            )
        if len(chosen) > 1:
            raise forms.ValidationError(_("Give the task one way only."))
        data["mode"] = "batch" if chosen[0] in ("units", "root") else "single"
        return data

    def service_arguments(self) -> dict[str, Any]:
        """What the service of the chosen mode takes."""
        data = self.cleaned_data
        common = {"title": data["title"], "deadline": data["deadline"], "note": data["note"]}
        if data["mode"] == "single":
            return {**common, "assignee": data["assignee"], "group": data["group"]}
        if data.get("root"):
            return {
                **common,
                "root": data["root"],
                "depth": data.get("depth") or 1,
                "unit_kind": data.get("unit_kind") or "",
            }
        return {**common, "units": data["units"]}


class TaskBatchForm(StyledForm):
    """The task and deadline of a batch, changed for all its tasks not yet done
    (`task_batch_update`)."""

    title = forms.CharField(
        label=_("Task"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = date_field(
        _("Deadline"),
        required=False,
        help_text=_("Leave empty when the deadline is not yet determined."),
    )
    note = forms.CharField(label=_("Note"), required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TaskBatchUnitsForm(StyledForm):
    """Units given the batch's task (`add`, codes of any branch) or taken back from it
    (`remove`, ticked among its units): `task_batch_units_add` / `_remove`."""

    add = UnitCodesField(
        label=_("Give the task to more units"),
        help_text=_("Codes separated by commas or spaces: one task each, with the batch's."),
    )
    remove = forms.TypedMultipleChoiceField(
        label=_("Take the task back from"), coerce=int, required=False, choices=[]
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {unit.pk: unit for unit in units}
        self.fields["remove"].choices = [(unit.pk, unit.name) for unit in units]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("add") and data.get("remove"):
            raise forms.ValidationError(_("Add units or take the task back, one at a time."))
        if not data.get("add") and not data.get("remove"):
            raise forms.ValidationError(
                _("Name units to add or tick the units to take the task back from.")
            )
        data["remove"] = [self.units[pk] for pk in data.get("remove") or []]
        return data


class TaskBatchExpandForm(StyledForm):
    """The units that joined a batch's level since its date, ticked to be given its task
    (`task_batch_expand`)."""

    units = forms.TypedMultipleChoiceField(
        label=_("Give the task to"), coerce=int, required=False, choices=[]
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, joined: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.joined = {unit.pk: unit for unit in joined}
        self.fields["units"].choices = [(unit.pk, unit.name) for unit in joined]  # type: ignore[attr-defined]

    def clean_units(self) -> list[Any]:
        return [self.joined[pk] for pk in self.cleaned_data.get("units") or []]


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
            (DocumentKind.INVITATION, _("Invitation")),
            (DocumentKind.MINUTES, _("Minutes")),
            (DocumentKind.CONCLUSION_NOTICE, _("Conclusion notice")),
        ]
    )
