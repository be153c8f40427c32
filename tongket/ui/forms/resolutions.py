"""Forms of the resolution pages: they check the shape of the input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tongket.core.errors import DomainError, NotFound
from tongket.core.numbers import (
    DECIMAL_PLACES,
    MAX_DIGITS,
    NotANumber,
    input_text,
    parse_number,
)
from tongket.org.selectors import unit_resolve_reach
from tongket.resolutions import selectors
from tongket.resolutions.choices import (
    AssignmentStatus,
    Direction,
    ItemKind,
    MeasureKind,
    RelationKind,
    ResolutionKind,
    ResolutionStatus,
    TargetMethod,
    TimeAggregation,
    UnitAggregation,
)
from tongket.resolutions.models import Field
from tongket.ui.forms.fields import (
    PartnerUnitField,
    ReachUnitField,
    ScopedForm,
    StyledForm,
    UnitField,
    date_field,
)

YEAR = {"min_value": 1945, "max_value": 2100}


class NumberField(forms.CharField):
    """A number typed the Vietnamese way (1.234,5) or the English way (1,234.5), read by
    core.numbers and bounded by its column (`max_digits`, `decimal_places`)."""

    def __init__(
        self,
        *args: Any,
        max_digits: int = MAX_DIGITS,
        decimal_places: int = DECIMAL_PLACES,
        **kwargs: Any,
    ) -> None:
        self.bounds = {"max_digits": max_digits, "decimal_places": decimal_places}
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def prepare_value(self, value: Any) -> Any:
        if value is None or isinstance(value, str):
            return value
        return input_text(value)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if text in (None, ""):
            return None
        try:
            return parse_number(text, **self.bounds)
        except NotANumber as error:
            raise forms.ValidationError(error.message, code="number") from None


class UnitListField(forms.CharField):
    """Several units by code (current or former) or abbreviation, separated by commas, each
    a unit the user can reach."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.user: Any = None
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(getattr(unit, "code", str(unit)) for unit in value)
        return value

    def clean(self, value: Any) -> Any:
        text = super().clean(value) or ""
        units, unknown = [], []
        for code in [part.split(" — ")[0].strip() for part in text.split(",")]:
            if not code:
                continue
            try:
                unit = unit_resolve_reach(user=self.user, code=code)
            except NotFound:
                unknown.append(code)
                continue
            if unit not in units:
                units.append(unit)
        if unknown:
            raise forms.ValidationError(
                _("No unit you can reach has the code %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return units


class ResolutionScopedForm(ScopedForm):
    """A scoped form whose unit-list fields also learn the user."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        for field in self.fields.values():
            if isinstance(field, UnitListField):
                field.user = user


# --- The list -----------------------------------------------------------------------------

SORTS = {
    "issued": _("Newest first"),
    "subject": _("Subject (A–Z)"),
    "issuer": _("Issuing body (A–Z)"),
    "symbol": _("Number"),
}


class ResolutionFilterForm(ScopedForm):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        required=False,
        choices=[("", _("All kinds")), *ResolutionKind.choices],
    )
    field = forms.ModelChoiceField(
        label=_("Field"),
        required=False,
        queryset=Field.objects.filter(is_active=True),
        empty_label=_("All fields"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ResolutionStatus.choices],
    )
    year = forms.IntegerField(label=_("In force in"), required=False, **YEAR)
    issuer = ReachUnitField(label=_("Issuing body"), required=False, help_text="")
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=list(SORTS.items()))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("Symbol, subject or issuer")
        self.fields["year"].widget.attrs["placeholder"] = "2020"
        self.fields["issuer"].widget.attrs["placeholder"] = _("Code or name")


# --- The record ---------------------------------------------------------------------------


class ResolutionForm(ScopedForm):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=ResolutionKind.choices)
    symbol = forms.CharField(
        label=_("Number and symbol"),
        max_length=128,
        required=False,
        help_text=_(
            "Party style 382-NQ/ĐUQSTW or State style 15/KH-UBND, 30/2020/NĐ-CP. Leave it "
            "empty for a draft or a document mentioned whose number is not known yet."
        ),
    )
    issuing_unit = ReachUnitField(label=_("Issuing body"))
    issued_on = date_field(_("Issue date"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (ResolutionStatus.IN_FORCE, ResolutionStatus.IN_FORCE.label),
            (ResolutionStatus.DRAFT, ResolutionStatus.DRAFT.label),
            (ResolutionStatus.MENTIONED, ResolutionStatus.MENTIONED.label),
        ],
        initial=ResolutionStatus.IN_FORCE,
    )
    subject = forms.CharField(
        label=_("Subject (trích yếu)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    field = forms.ModelChoiceField(
        label=_("Field"),
        required=False,
        queryset=Field.objects.filter(is_active=True),
        empty_label=_("(none)"),
    )
    horizon_from = forms.IntegerField(
        label=_("From year"), required=False, help_text=_("Empty: not yet determined."), **YEAR
    )
    horizon_to = forms.IntegerField(
        label=_("To year"), required=False, help_text=_("Empty: not yet determined."), **YEAR
    )
    and_following_years = forms.BooleanField(label=_("and the following years"), required=False)
    owner_unit = UnitField(
        label=_("Kept by"),
        required=False,
        help_text=_("The unit whose tracking officers keep this record (the standing agency)."),
    )
    classification = forms.ChoiceField(label=_("Classification"))
    on_track_from = NumberField(
        label=_("On track from (%)"), initial="90", max_digits=6, decimal_places=2
    )
    at_risk_from = NumberField(
        label=_("At risk from (%)"), initial="70", max_digits=6, decimal_places=2
    )
    approved_only = forms.BooleanField(
        label=_("Dashboards count approved reports only"), required=False
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm_issuer = forms.BooleanField(
        label=_("The symbol is right as written (its issuer code differs from the body's)"),
        required=False,
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["classification"].choices = selectors.classification_choices_for(self.user)
        self.fields["horizon_from"].widget.attrs["inputmode"] = "numeric"
        self.fields["horizon_to"].widget.attrs["inputmode"] = "numeric"
        self.fields["symbol"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        if editing:
            # The status has its own action; who keeps the record is not changed here.
            del self.fields["status"]
            del self.fields["owner_unit"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("horizon_from"), data.get("horizon_to")
        if start and end and end < start:
            self.add_error("horizon_to", _("The horizon cannot end before it starts."))
        return data


class IssueForm(StyledForm):
    symbol = forms.CharField(
        label=_("Number and symbol"),
        max_length=128,
        help_text=_("Party style 382-NQ/ĐUQSTW or State style 15/KH-UBND, 30/2020/NĐ-CP."),
    )
    issued_on = date_field(
        _("Issue date"),
        required=False,
        help_text=_("Required for a draft; a document mentioned may stay undated."),
    )
    confirm_issuer = forms.BooleanField(
        label=_("The symbol is right as written (its issuer code differs from the body's)"),
        required=False,
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class StatusForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), choices=ResolutionStatus.choices)
    since = date_field(_("Since"), required=False, help_text=_("Empty: today."))


class RelationForm(ScopedForm):
    kind = forms.ChoiceField(
        label=_("This resolution"),
        choices=[
            (RelationKind.SUPERSEDES, _("supersedes (replaces)")),
            (RelationKind.IMPLEMENTS, _("implements (concretises)")),
            (RelationKind.AMENDS, _("amends")),
        ],
    )
    other = forms.CharField(
        label=_("Other resolution (number and symbol)"),
        help_text=_("Old issuer codes are understood: 382-NQ/QUTW finds 382-NQ/ĐUQSTW."),
    )
    valid_from = date_field(
        _("From"), required=False, help_text=_("Empty: the issue date of this resolution.")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other"].widget.attrs.update(
            {
                "list": "resolution-options",
                "autocomplete": "off",
                "hx-get": reverse("ui:resolution_lookup"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#resolution-options",
            }
        )

    def clean_other(self) -> Any:
        text = self.cleaned_data["other"].split(" — ")[0].strip()
        try:
            return selectors.resolution_find(user=self.user, ref=text, field="other")
        except DomainError as error:
            raise forms.ValidationError(error.message_dict["other"]) from None


class PartyForm(ScopedForm):
    unit = PartnerUnitField(label=_("Party (unit)"))
    role = forms.CharField(
        label=_("Role"),
        required=False,
        max_length=100,
        help_text=_("E.g. lead party, coordinating party."),
    )


class AttachmentForm(StyledForm):
    file = forms.FileField(
        label=_("File (PDF or DOCX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=255)


# --- Structure and assignments ------------------------------------------------------------


def _item_choices(items: list[Any]) -> list[tuple[int, str]]:
    return [(row["item"].pk, f"{'— ' * row['depth']}{row['item']}"[:120]) for row in items]


class ItemForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices)
    parent = forms.TypedChoiceField(label=_("Under"), required=False, coerce=int, empty_value=None)
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, items: list[Any] | None = None, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["parent"]
        else:
            self.fields["parent"].choices = [("", _("(top level)")), *_item_choices(items or [])]


class AssignmentForm(ResolutionScopedForm):
    item = forms.TypedChoiceField(label=_("Objective, task or measure"), coerce=int)
    lead_unit = ReachUnitField(label=_("Lead unit"))
    coordinating_units = UnitListField(
        label=_("Coordinating units"),
        required=False,
        help_text=_("Codes or abbreviations separated by commas, e.g. QK2, TCHC."),
    )
    deadline = date_field(_("Deadline"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, items: list[Any] | None = None, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["item"]
        else:
            self.fields["item"].choices = _item_choices(items or [])


class AssignmentStatusForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (AssignmentStatus.NOT_STARTED, AssignmentStatus.NOT_STARTED.label),
            (AssignmentStatus.IN_PROGRESS, AssignmentStatus.IN_PROGRESS.label),
            (AssignmentStatus.DONE, AssignmentStatus.DONE.label),
        ],
    )
    completed_on = date_field(
        _("Completed on"), required=False, help_text=_("When done; empty: today.")
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


# --- Indicators and targets ---------------------------------------------------------------


class IndicatorForm(StyledForm):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=500)
    measure_kind = forms.ChoiceField(label=_("Measure"), choices=MeasureKind.choices)
    unit_of_measure = forms.CharField(label=_("Unit of measure"), required=False, max_length=64)
    unit_aggregation = forms.ChoiceField(
        label=_("Adds up over units as"), choices=UnitAggregation.choices
    )
    time_aggregation = forms.ChoiceField(
        label=_("Adds up over time as"), choices=TimeAggregation.choices
    )
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    rating_levels = forms.CharField(
        label=_("Rating levels"),
        required=False,
        help_text=_(
            "From the lowest to the highest, separated by semicolons: Yếu; Trung bình; Khá; Tốt."
        ),
    )
    baseline_value = NumberField(label=_("Baseline"), required=False)
    baseline_year = forms.IntegerField(label=_("Baseline year"), required=False, **YEAR)
    min_value = NumberField(label=_("Lowest valid value"), required=False)
    max_value = NumberField(label=_("Highest valid value"), required=False)
    decimals = forms.IntegerField(label=_("Decimals shown"), min_value=0, max_value=4, initial=0)
    item = forms.TypedChoiceField(
        label=_("Objective"), required=False, coerce=int, empty_value=None
    )
    parent_indicator = forms.TypedChoiceField(
        label=_("Implements the indicator"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Of a resolution this one implements (record the relation first)."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        items: list[Any] | None = None,
        parents: list[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "—"), *_item_choices(items or [])]
        self.fields["parent_indicator"].choices = [("", "—")] + [
            (i.pk, f"{i.resolution.symbol} · {i.code} – {i.name}"[:120]) for i in parents or []
        ]

    def clean_rating_levels(self) -> list[str]:
        text = self.cleaned_data.get("rating_levels") or ""
        return [level.strip() for level in text.split(";") if level.strip()]


class TargetCellForm(StyledForm):
    value = NumberField(label=_("Target"), required=False)
    version = forms.IntegerField(required=False)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


CASCADE_METHODS = [
    (TargetMethod.EVEN, _("Evenly")),
    (TargetMethod.PROPORTIONAL, _("In proportion to another indicator's targets")),
    (TargetMethod.MANUAL, _("By hand")),
]


class CascadeForm(StyledForm):
    unit = forms.TypedChoiceField(label=_("Target of"), coerce=int)
    year = forms.ChoiceField(label=_("Year"), required=False)
    method = forms.ChoiceField(
        label=_("How to split"), choices=CASCADE_METHODS, widget=forms.RadioSelect, initial="even"
    )
    base_indicator = forms.TypedChoiceField(
        label=_("In proportion to"), required=False, coerce=int, empty_value=None
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def __init__(
        self, *args: Any, units: list[Any], years: list[int], bases: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(unit.pk, unit.name) for unit in units]
        self.fields["year"].choices = [("", _("Whole horizon"))] + [(str(y), str(y)) for y in years]
        self.fields["base_indicator"].choices = [("", "—")] + [
            (i.pk, f"{i.code} – {i.name}"[:100]) for i in bases
        ]
        self.fields["method"].widget.attrs["class"] = "form-check-input"

    def clean_year(self) -> int | None:
        value = self.cleaned_data.get("year")
        return int(value) if value else None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("method") == TargetMethod.PROPORTIONAL and not data.get("base_indicator"):
            self.add_error(
                "base_indicator", _("Choose the indicator whose targets set the shares.")
            )
        return data


class ImportForm(StyledForm):
    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
