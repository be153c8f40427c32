"""Forms of the commendation pages: they check the shape of the input (whole numbers, dates,
files, a unit or a person within the scope); the services decide everything else (authority,
quota, repeats, positions, criteria)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from tongket.awards.choices import (
    BodyLevel,
    FileKind,
    FormCategory,
    NominationState,
    NomineeKind,
    QuotaBasis,
)
from tongket.core.errors import NotFound
from tongket.core.numbers import NotANumber, parse_number
from tongket.org.selectors import person_get
from tongket.ui.forms.fields import (
    ReachUnitField,
    ScopedForm,
    StyledForm,
    UnitField,
    date_field,
)

UPLOAD_ACCEPT = (
    ".pdf,.docx,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)


def _year_choices() -> list[tuple[int, int]]:
    this = timezone.localdate().year
    return [(year, year) for year in range(this + 1, this - 15, -1)]


class PersonInput(forms.TextInput):
    """A text input with a datalist of people filled as you type (htmx)."""

    template_name = "ui/awards/_person_input.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["lookup_url"] = reverse("ui:nomination_people")
        context["list_id"] = f"{context['widget']['attrs'].get('id', name)}-options"
        return context


class PersonField(forms.CharField):
    """A person of the user's units, chosen as "123 — Nguyễn Văn A · unit"."""

    widget = PersonInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.user: Any = None
        kwargs.setdefault("help_text", _("Type part of the name, then pick."))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if hasattr(value, "full_name"):
            return f"{value.pk} — {value.full_name}"
        return value

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text:
            return None
        head = text.split(" — ")[0].strip()
        try:
            return person_get(user=self.user, pk=int(head))
        except (ValueError, NotFound):
            raise forms.ValidationError(
                _t("No person you can see is “%(text)s”: type part of the name and pick.")
                % {"text": text}
            ) from None


class AwardScopedForm(ScopedForm):
    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        for field in self.fields.values():
            if isinstance(field, PersonField):
                field.user = user


def _form_choices(award_forms: list[Any], empty: Any) -> list[tuple[Any, str]]:
    return [("", empty)] + [(f.pk, f"{f.name}") for f in award_forms]


# --- Nominations ----------------------------------------------------------------------------


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
        self.fields["form"].choices = _form_choices(award_forms, _("Any form or title"))
        self.fields["campaign"].choices = [("", _("Any campaign"))] + [
            (c.pk, c.title) for c in campaigns
        ]
        self.fields["year"].choices = [("", _("Any year")), *_year_choices()]


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
        self.fields["form"].choices = _form_choices(award_forms, _("Choose…"))
        self.fields["form"].error_messages["required"] = _("Choose the form or title.")
        self.fields["year"].choices = _year_choices()
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


# --- Decisions ------------------------------------------------------------------------------


class DecisionStartForm(AwardScopedForm):
    """Which authority and form the decision is for (the approved nominations follow)."""

    issuer = UnitField(label=_("Issuing authority"))
    form = forms.TypedChoiceField(label=_("Form or title"), coerce=int)

    def __init__(self, *args: Any, award_forms: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = _form_choices(award_forms, _("Choose…"))
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


# --- Catalogues -----------------------------------------------------------------------------


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
        self.fields["form"].choices = _form_choices(award_forms, _("Choose…"))
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
        self.fields["year"].choices = _year_choices()
        self.fields["form"].choices = _form_choices(award_forms, _("Every form"))
        self.award_forms = {f.pk: f for f in award_forms}


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
        self.fields["proposed_form"].choices = _form_choices(award_forms, _("(none)"))
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
        self.fields["form"].choices = _form_choices(award_forms, _("Choose…"))
        self.fields["form"].error_messages["required"] = _("Choose the form or title.")


class AwardingLevelForm(AwardScopedForm):
    unit = ReachUnitField(label=_("Body"))
    level = forms.ChoiceField(
        label=_("Gives commendations at the level"),
        required=False,
        choices=[("", _("(none: remove)")), *BodyLevel.choices],
    )


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


class ProposalForm(forms.Form):
    """The batch a proposal is made for (hidden fields of its button)."""

    proposing_unit = forms.CharField(max_length=64)
    decider = forms.CharField(max_length=64)
    form = forms.IntegerField(min_value=1)
    year = forms.IntegerField(min_value=1945, max_value=2100)
