"""Forms of the periodic reporting pages: they check the shape of the input (numbers typed
either way, whole numbers, files, dates); the services decide everything else."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongket.core.numbers import DECIMAL_PLACES, MAX_DIGITS, NotANumber, parse_number
from tongket.org.choices import Line
from tongket.reporting.choices import DeliveryMethod, PeriodType, ReportState, SectionKind
from tongket.ui.forms.fields import ScopedForm, StyledForm, UnitField, date_field

THEN_CHOICES = [
    ("", _("Leave the reports as drafts")),
    ("submit", _("Submit the reports")),
    ("approve", _("Submit and approve the reports")),
]


class EntryNumberField(forms.CharField):
    """A figure typed the Vietnamese way (1.234,5) or the English way (1,234.5); empty is
    None. Read by core.numbers (the reader of the API and imports too) and bounded by the
    column it is stored in (`max_digits`, `decimal_places`); the error names what was typed
    and, for "1.234", asks which was meant."""

    def __init__(
        self,
        *args: Any,
        max_digits: int = MAX_DIGITS,
        decimal_places: int = DECIMAL_PLACES,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 40)
        self.bounds = {"max_digits": max_digits, "decimal_places": decimal_places}
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if text in (None, ""):
            return None
        try:
            return parse_number(text, **self.bounds)
        except NotANumber as error:
            raise forms.ValidationError(error.message, code="number") from None


# --- Reports ------------------------------------------------------------------------------


class ReportFilterForm(ScopedForm):
    """The report list's filters, kept in the URL."""

    period = forms.ChoiceField(label=_("Period"), required=False)
    form = forms.TypedChoiceField(
        label=_("Report form"), required=False, coerce=int, empty_value=None
    )
    unit = UnitField(label=_("Unit (and the units below)"), required=False, help_text="")
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any state")), *ReportState.choices]
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(self, *args: Any, periods: list[Any], report_forms: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", _("Any period"))] + [
            (p.code, p.code) for p in periods
        ]
        self.fields["form"].choices = [("", _("Any form"))] + [
            (f.pk, f"{f.code} · {f.name}") for f in report_forms
        ]


class ValueForm(forms.Form):
    """One row of the entry grid as posted by the autosave: what is typed now and what the
    page showed before (`base_…`, to detect a cell someone else changed)."""

    indicator = forms.IntegerField(min_value=1)
    value = EntryNumberField(label=_("Value"))
    numerator = EntryNumberField(label=_("Numerator"))
    denominator = EntryNumberField(label=_("Denominator"))
    weight = EntryNumberField(label=_("Weight"))
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)
    base_value = EntryNumberField()
    base_numerator = EntryNumberField()
    base_denominator = EntryNumberField()


class NarrativeForm(forms.Form):
    key = forms.SlugField(max_length=40)
    text = forms.CharField(required=False, strip=False, max_length=50000)
    base = forms.CharField(required=False, strip=False, max_length=50000)


class WorkflowForm(StyledForm):
    """Submit, approve: the version of the report the page showed."""

    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ReasonForm(WorkflowForm):
    """Return, reopen: with the reason the unit will read."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why: the unit reads the reason.")},
    )


class AttachmentForm(StyledForm):
    file = forms.FileField(
        label=_("File (PDF, DOCX, PNG or JPEG)"),
        error_messages={"required": _("Choose a file."), "empty": _("The file is empty.")},
    )


# --- Report forms ---------------------------------------------------------------------------


def _line_field() -> forms.ChoiceField:
    """The line a form's figures roll up along (empty: the organisation tree)."""
    return forms.ChoiceField(
        label=_("Figures roll up along"),
        choices=[("", _("The organisation tree")), *Line.choices],
        required=False,
        help_text=_(
            "A Party committees' form rolls up the Party line: the dashboards then group its "
            "figures along that line."
        ),
    )


class ReportFormCreateForm(ScopedForm):
    code = forms.CharField(
        label=_("Code"), max_length=32, help_text=_("Short and unique, e.g. BC6T-623-QK2.")
    )
    name = forms.CharField(label=_("Name"), max_length=300)
    owner_unit = UnitField(label=_("Collected by"))
    period_type = forms.ChoiceField(
        label=_("Reported per"),
        choices=[c for c in PeriodType.choices if c[0] != "term"],
        initial=PeriodType.HALF_YEAR,
    )
    resolution = forms.TypedChoiceField(
        label=_("Resolution followed"), coerce=int, required=False, empty_value=None
    )
    line = _line_field()
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, resolutions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resolution"].choices = [("", _("None (indicators added later)"))] + [
            (r.pk, f"{r.symbol} · {r.subject[:80]}") for r in resolutions
        ]
        self.fields["resolution"].widget.attrs.update(
            {"data-indicator-source": "1", "aria-controls": "indicator-picker"}
        )


class ReportFormEditForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=300)
    line = _line_field()
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_active = forms.BooleanField(label=_("In use (units are asked for it)"), required=False)
    # The reporting regime (Nghị định 09/2019/NĐ-CP): what the form cannot derive.
    delivery_methods = forms.MultipleChoiceField(
        label=_("Sent and received as"),
        choices=DeliveryMethod.choices,
        widget=forms.SelectMultiple(attrs={"size": len(DeliveryMethod.choices)}),
        help_text=_("One or more; hold Ctrl to pick several."),
    )
    regime_document = forms.CharField(
        label=_("Regime set by"),
        max_length=300,
        required=False,
        help_text=_("The document that sets this reporting regime, e.g. a decision's number."),
    )
    outline_code = forms.CharField(
        label=_("Outline template"),
        max_length=100,
        required=False,
        help_text=_("Its designation in that document; empty: the form's narrative sections."),
    )
    data_form_code = forms.CharField(
        label=_("Data forms"),
        max_length=100,
        required=False,
        help_text=_("Their designation in that document; empty: the form's template workbook."),
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


def picked_indicators(data: Any, available: list[Any]) -> tuple[list[Any], list[str]]:
    """The indicators ticked in the picker (`indicator` values), in the order typed beside
    them (`order_<id>`; ties and blanks keep the resolution's order). Returns the list and
    the errors (an order that is not a whole number)."""
    by_id = {str(i.pk): i for i in available}
    ticked = [value for value in data.getlist("indicator") if value in by_id]
    errors: list[str] = []
    keyed = []
    for position, pk in enumerate(by_id):
        if pk not in ticked:
            continue
        text = (data.get(f"order_{pk}") or "").strip()
        if text:
            try:
                order = int(text)
            except ValueError:
                errors.append(
                    str(_("%(code)s: the order must be a whole number.") % {"code": by_id[pk].code})
                )
                order = position + 1
        else:
            order = position + 1
        keyed.append((order, position, by_id[pk]))
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [indicator for _o, _p, indicator in keyed], errors


class SectionForm(StyledForm):
    key = forms.SlugField(
        label=_("Key"),
        max_length=40,
        help_text=_("Letters, digits and hyphens; an existing key changes that section."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=SectionKind.choices)
    guidance = forms.CharField(
        label=_("Guidance for the units"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    order = forms.IntegerField(label=_("Order"), required=False, min_value=0, max_value=999)


class AssignForm(ScopedForm):
    unit = UnitField(label=_("Unit"))
    below = forms.BooleanField(label=_("and every active unit below it"), required=False)
    valid_from = date_field(_("From"), required=False)
    valid_to = date_field(_("Until"), required=False)


class OpenPeriodForm(StyledForm):
    period = forms.CharField(
        label=_("Period"),
        max_length=16,
        help_text=_("2026-H2, 2026-Q4, 2026-11 or 2026, by the form's type."),
        error_messages={"required": _("Enter or pick a period code.")},
    )
    backfill = forms.BooleanField(
        label=_("Entered afterwards (nhập bù)"),
        required=False,
        help_text=_(
            "The period is long past and its reports are keyed in only now: no reminder, "
            "never late. A period whose due date has passed is entered afterwards anyway."
        ),
    )


# --- Periods ---------------------------------------------------------------------------------


class PeriodFilterForm(StyledForm):
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Every type")), *PeriodType.choices]
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1945, max_value=2100)
    open = forms.ChoiceField(
        label=_("Data entry"),
        required=False,
        choices=[("", _("Open or closed")), ("1", _("Open")), ("0", _("Closed"))],
    )


class PeriodAddForm(StyledForm):
    code = forms.CharField(
        label=_("Period code"),
        max_length=16,
        help_text=_("2027-H1, 2027-Q1, 2027-01, 2027-9M, 2027 or 2026-2030."),
    )


class PeriodRuleForm(ScopedForm):
    issuer = UnitField(
        label=_("Issuing body"),
        required=False,
        help_text=_("Empty: the default rule for every body without its own."),
    )
    period_type = forms.ChoiceField(
        label=_("Period type"), choices=[c for c in PeriodType.choices if c[0] != "term"]
    )
    window_start_day = forms.IntegerField(
        label=_("Window starts on day"),
        min_value=1,
        max_value=28,
        initial=15,
        help_text=_("15: from the 15th of the month before to the 14th; 1: calendar months."),
    )
    due_working_days = forms.IntegerField(
        label=_("Due after the cut-off (working days)"), min_value=0, max_value=60, initial=2
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


# --- Import -----------------------------------------------------------------------------------


class ValuesImportForm(StyledForm):
    file = forms.FileField(
        label=_("Workbook (.xlsx) or CSV file"),
        error_messages={"required": _("Choose a file."), "empty": _("The file is empty.")},
    )
    then = forms.ChoiceField(
        label=_("Then"), required=False, choices=THEN_CHOICES, widget=forms.RadioSelect
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(
                _("%(name)s is neither an .xlsx workbook nor a .csv file."),
                params={"name": upload.name},
            )
        if upload.name.lower().endswith(".xlsx"):
            upload.seek(0)
            head = upload.read(4)
            upload.seek(0)
            if head != b"PK\x03\x04":
                raise forms.ValidationError(
                    _("%(name)s is not an Excel workbook (.xlsx): save it as .xlsx and retry."),
                    params={"name": upload.name},
                )
        return upload


class FillReadForm(StyledForm):
    """A unit's report as a text, pasted or uploaded, to fill the report's figures from."""

    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "data-testid": "fill-text"}),
        help_text=_("Paste the report, or the part of it with the figures."),
    )
    file = forms.FileField(
        label=_("or a file"),
        required=False,
        help_text=_("DOCX or TXT; TCVN3, VNI and VISCII are converted."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Paste a text or choose a file."))
        return data


class FillAcceptForm(forms.Form):
    """The figures ticked in the preview: the text is read again on accept, so what is saved
    is what the preview showed, and `version` refuses a report changed meanwhile."""

    source_text = forms.CharField(widget=forms.HiddenInput, strip=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    use = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=[])

    def __init__(self, *args: Any, indicator_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["use"].choices = [(pk, pk) for pk in indicator_ids]  # type: ignore[attr-defined]
