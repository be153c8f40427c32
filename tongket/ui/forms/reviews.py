"""Forms of the review pages (campaigns, unit review reports, dossier documents): they check
the shape of the input; the services decide everything else."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongket.documents.choices import CommentStatus
from tongket.org import selectors as org_selectors
from tongket.resolutions import selectors as resolution_selectors
from tongket.reviews.choices import (
    Body,
    CampaignKind,
    CampaignShape,
    CampaignState,
    MemberRole,
    MilestoneKind,
    SectionSource,
)
from tongket.ui.forms.fields import ReachUnitField, ScopedForm, StyledForm, UnitField, date_field

YEAR = {"min_value": 1945, "max_value": 2100}
STYLES = [("party", _("Party documents")), ("state", _("State documents"))]


class CampaignFilterForm(ScopedForm):
    q = forms.CharField(label=_("Search"), required=False)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any state")), *CampaignState.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Both kinds")), *CampaignKind.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("Title or resolution number")


class CampaignForm(ScopedForm):
    """Opening a review (with the resolution and the reviewing body) or editing its frame."""

    resolution = forms.ModelChoiceField(label=_("Resolution reviewed"), queryset=None)
    owner_unit = UnitField(
        label=_("Reviewing body"),
        help_text=_("The party committee or command that holds the review."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=CampaignKind.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        required=False,
        help_text=_("Empty: written from the kind, the span and the resolution."),
    )
    span_from = forms.IntegerField(label=_("Reviewed from year"), **YEAR)
    span_to = forms.IntegerField(label=_("Reviewed to year"), **YEAR)
    span_label = forms.CharField(
        label=_("Span in words"),
        max_length=60,
        required=False,
        help_text=_("e.g. “10 năm”, “giữa nhiệm kỳ”."),
    )
    next_from = forms.IntegerField(label=_("Next phase from"), **YEAR)
    next_to = forms.IntegerField(label=_("Next phase to"), **YEAR)
    standing_agency = ReachUnitField(label=_("Standing agency"))
    appraisal_unit = ReachUnitField(
        label=_("Appraised by"), required=False, help_text=_("The unit that appraises the dossier.")
    )
    # Not chosen: the reviewing body's own (`writing.style_of`, as the plan's renderer decides).
    style = forms.ChoiceField(
        label=_("Document format"),
        choices=[("", _("As the reviewing body writes")), *STYLES],
        initial="",
        required=False,
        help_text=_(
            "The format of the review's dossier (report, submission, draft resolution). "
            "Left as the reviewing body writes: Party for a Party committee; State for a "
            "command, an agency or a people's committee. The review plan and the units' "
            "reports always follow their own issuer."
        ),
    )
    shape = forms.ChoiceField(
        label=_("How the review ends"),
        choices=CampaignShape.choices,
        initial=CampaignShape.ISSUED,
        required=False,
        widget=forms.RadioSelect,
    )
    reports_to = ReachUnitField(
        label=_("Reported to"),
        required=False,
        help_text=_("The body running the review, for a review reported upward."),
    )
    with_appraisal = forms.BooleanField(
        label=_("The dossier is appraised (thẩm định)"),
        required=False,
        initial=True,
        help_text=_("Without appraisal the dossier is submitted once drafted or commented."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resolution"].queryset = resolution_selectors.resolution_list(user=self.user)
        self.fields["resolution"].label_from_instance = lambda r: f"{r.symbol} – {r.subject[:90]}"
        if editing:
            del self.fields["resolution"]
            del self.fields["owner_unit"]
            # An open review has its format: the choice is between the two.
            self.fields["style"].choices = STYLES
            self.fields["style"].required = True
        for name in ("span_from", "span_to", "next_from", "next_to"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("span_from"), data.get("span_to")
        if start and end and end < start:
            self.add_error("span_to", _("The span cannot end before it starts."))
        if not data.get("shape"):
            # Not chosen: as it was (editing), else ended by the reviewing body's resolution.
            data["shape"] = self.initial.get("shape") or CampaignShape.ISSUED
        if data.get("shape") == CampaignShape.ISSUED:
            data["reports_to"] = None  # only a review reported upward goes to a body
        if "style" in data and not data["style"]:
            data["style"] = None  # the reviewing body's format (`campaign_create`)
        return data


class MemberForm(ScopedForm):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    body = forms.ChoiceField(label=_("Body"), choices=Body.choices)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    title = forms.CharField(label=_("Title in the body"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = org_selectors.person_list(user=self.user)
        self.fields["person"].label_from_instance = lambda p: f"{p.full_name} ({p.unit.name})"


class CampaignBodyForm(ScopedForm):
    """The body (org.BodyGroup) that is the campaign's steering committee or drafting
    team; empty: none named."""

    body = forms.ChoiceField(label=_("Body"), choices=Body.choices)
    group = forms.ModelChoiceField(
        label=_("Body on record"),
        queryset=None,
        required=False,
        empty_label=_("(none)"),
        help_text=_("Record it first under Bodies if it is not in the list."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = org_selectors.body_group_list(
            user=self.user, reach=True, include_dissolved=False
        ).filter(kind__in=[Body.STEERING_COMMITTEE, Body.DRAFTING_TEAM])
        self.fields["group"].label_from_instance = lambda g: f"{g.name} ({g.unit.name})"


class MemberRemoveForm(StyledForm):
    member = forms.IntegerField(widget=forms.HiddenInput)


class ParticipantForm(ScopedForm):
    units = forms.CharField(
        label=_("Units"),
        help_text=_("Codes of the units, separated by commas or spaces (e.g. SD316, BCHQS-PT)."),
    )
    due_date = date_field(_("Report due"), required=False)

    def clean_units(self) -> list[Any]:
        from tongket.core.errors import NotFound
        from tongket.org.selectors import unit_resolve

        codes = [c for c in self.cleaned_data["units"].replace(",", " ").split() if c]
        found, missing = [], []
        for code in codes:
            try:
                found.append(unit_resolve(user=self.user, code=code))
            except NotFound:
                missing.append(code)
        if missing:
            raise forms.ValidationError(
                _("No unit you can see has the code %(codes)s.") % {"codes": ", ".join(missing)}
            )
        if not found:
            raise forms.ValidationError(_("Enter at least one unit code."))
        return found


class MilestoneForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=MilestoneKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    due_date = date_field(_("Due"))


class MilestoneDoneForm(StyledForm):
    done_on = date_field(_("Done on"), required=False, help_text=_("Empty: today."))


class OutlineSectionForm(StyledForm):
    key = forms.SlugField(
        label=_("Key"),
        max_length=40,
        help_text=_("Letters, digits and hyphens; it names the section in every report."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    level = forms.TypedChoiceField(
        label=_("Level"),
        coerce=int,
        choices=[(0, _("Part (I, II…)")), (1, _("Section (1, 2…)")), (2, _("Sub-section"))],
        initial=1,
    )
    source = forms.ChoiceField(
        label=_("Pre-filled with"), choices=SectionSource.choices, required=False
    )
    guidance = forms.CharField(
        label=_("Guidance"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    after = forms.CharField(required=False, widget=forms.HiddenInput)


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class AppraiseForm(StyledForm):
    opinion = forms.CharField(
        label=_("Appraisal opinion"), widget=forms.Textarea(attrs={"rows": 4})
    )
    on = date_field(_("Appraised on"), required=False, help_text=_("Empty: today."))


class AdoptForm(StyledForm):
    meeting = forms.ModelChoiceField(
        label=_("Adopted at the conference"), queryset=None, required=False
    )
    on = date_field(_("Adopted on"), required=False, help_text=_("Empty: the conference's date."))

    def __init__(self, *args: Any, meetings: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from tongket.meetings.models import Meeting

        self.fields["meeting"].queryset = (
            meetings if meetings is not None else Meeting.objects.none()
        )
        self.fields["meeting"].label_from_instance = lambda m: f"{m.when_text} – {m.title}"


class DateOnlyForm(StyledForm):
    on = date_field(_("Date"), required=False, help_text=_("Empty: today."))


class SectionEditForm(StyledForm):
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    note = forms.CharField(
        label=_("What changed (kept with the draft)"), max_length=300, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CommentForm(StyledForm):
    section_key = forms.CharField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}))
    required = forms.BooleanField(label=_("Must be resolved before adoption"), required=False)


class AnswerForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (CommentStatus.ACCEPTED, _("Take it in")),
            (CommentStatus.REJECTED, _("Do not take it in")),
        ],
    )
    reply = forms.CharField(
        label=_("Reply"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": _("Reply (required when not taken in)")}
        ),
    )
