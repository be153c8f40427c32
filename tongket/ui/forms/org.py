"""Forms for units, people and users: they check shape; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongket.core.classification import may_grant
from tongket.org.choices import Clearance, Gender, Line, Role, UnitKind
from tongket.org.models import Rank
from tongket.ui.forms.fields import (
    PartnerUnitField,
    RegistryPersonField,
    ScopedForm,
    UnitField,
    date_field,
)


class UnitCreateForm(ScopedForm):
    parent = UnitField(label=_("Parent unit"), required=False)
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=255)
    abbreviation = forms.CharField(label=_("Abbreviation"), max_length=64, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    established_on = date_field(_("Established on"), required=False)
    linked_unit = UnitField(label=_("Linked party committee or command"), required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class UnitEditForm(ScopedForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    place = forms.CharField(
        label=_("Place name on documents"),
        max_length=100,
        required=False,
        help_text=_(
            'Written before the date of its documents ("Phú Thọ, ngày …"). Empty: that of the unit above.'
        ),
    )
    established_on = date_field(_("Established on"), required=False)
    linked_unit = UnitField(label=_("Linked party committee or command"), required=False)
    home_line = forms.ChoiceField(
        label=_("Own line"),
        choices=Line.choices,
        help_text=_(
            "The line whose documents the unit issues (a Party committee: the Party line)."
        ),
    )
    organisation_name = forms.CharField(
        label=_("Name above subordinate bodies"),
        max_length=255,
        required=False,
        help_text=_(
            "Written in the upper header line of the bodies under it "
            '("Đảng bộ tỉnh Đắk Lắk" for Tỉnh ủy Đắk Lắk). Empty: its name.'
        ),
    )
    header_name = forms.CharField(
        label=_("Name in its own header"),
        max_length=255,
        required=False,
        help_text=_('e.g. "Đảng ủy Quân sự tỉnh" under "Đảng bộ tỉnh Đắk Lắk". Empty: its name.'),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class UnitLineForm(ScopedForm):
    """A unit's place in a line from a date: a new direct superior, or one more superior."""

    line = forms.ChoiceField(label=_("Line"), choices=Line.choices)
    superior = PartnerUnitField(label=_("Superior"), required=False)
    primary = forms.TypedChoiceField(
        label=_("Kind of subordination"),
        choices=[
            ("1", _("Direct superior (replaces the current one from the date)")),
            ("0", _("Also answers to (dual subordination)")),
        ],
        coerce=lambda value: value == "1",
        initial="1",
    )
    valid_from = date_field(
        _("From"),
        required=False,
        help_text=_("Empty: since the unit exists (only for a first placement or an added one)."),
    )


class UnitLineEndForm(ScopedForm):
    link = forms.IntegerField(widget=forms.HiddenInput)
    valid_to = date_field(_("Ends on"))


class RenameForm(ScopedForm):
    name = forms.CharField(label=_("New name"), max_length=255)
    abbreviation = forms.CharField(label=_("New abbreviation"), max_length=64, required=False)
    code = forms.CharField(
        label=_("New code"),
        max_length=32,
        required=False,
        help_text=_("Leave empty to keep the current code."),
    )
    effective_date = date_field(_("Effective date"))
    decision = forms.CharField(label=_("Decision"), max_length=255, required=False)


class MoveForm(ScopedForm):
    new_parent = UnitField(label=_("New parent unit"))
    effective_date = date_field(_("Effective date"))
    decision = forms.CharField(label=_("Decision"), max_length=255, required=False)


class MergeForm(ScopedForm):
    others = forms.CharField(
        label=_("Units merged with this one"),
        required=False,
        help_text=_(
            "Codes separated by commas. Leave empty to merge this unit into an existing one."
        ),
    )
    target = UnitField(label=_("Into an existing unit"), required=False)
    new_code = forms.CharField(label=_("Or a new unit: code"), max_length=32, required=False)
    new_name = forms.CharField(label=_("New unit: name"), max_length=255, required=False)
    new_abbreviation = forms.CharField(
        label=_("New unit: abbreviation"), max_length=64, required=False
    )
    effective_date = date_field(_("Effective date"))
    decision = forms.CharField(label=_("Decision"), max_length=255, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("target") and data.get("new_code"):
            self.add_error(
                "new_code", _("Choose an existing unit or describe a new one, not both.")
            )
        if not data.get("target") and not data.get("new_code"):
            self.add_error("target", _("Choose the unit that results from the merge."))
        return data


class SplitForm(ScopedForm):
    effective_date = date_field(_("Effective date"))
    decision = forms.CharField(label=_("Decision"), max_length=255, required=False)

    PARTS = 4

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index in range(1, self.PARTS + 1):
            self.fields[f"code_{index}"] = forms.CharField(
                label=_("Code"), max_length=32, required=False
            )
            self.fields[f"name_{index}"] = forms.CharField(
                label=_("Name"), max_length=255, required=False
            )
            self.fields[f"abbreviation_{index}"] = forms.CharField(
                label=_("Abbreviation"), max_length=64, required=False
            )

    def parts(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        return [
            {
                "code": data[f"code_{i}"],
                "name": data[f"name_{i}"],
                "abbreviation": data[f"abbreviation_{i}"],
            }
            for i in range(1, self.PARTS + 1)
            if data.get(f"code_{i}") or data.get(f"name_{i}")
        ]

    def part_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"code_{i}"], self[f"name_{i}"], self[f"abbreviation_{i}"]]
            for i in range(1, self.PARTS + 1)
        ]


class DissolveForm(ScopedForm):
    effective_date = date_field(_("Effective date"))
    decision = forms.CharField(label=_("Decision"), max_length=255, required=False)


class PersonForm(ScopedForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    unit = UnitField(label=_("Managing unit"))
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False)
    is_military = forms.BooleanField(label=_("Military"), required=False, initial=True)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    register_anyway = forms.BooleanField(
        label=_("Register a new person even though the name is already registered"),
        required=False,
        help_text=_(
            "Only for a namesake: a guest already registered elsewhere is picked, not "
            "registered twice."
        ),
    )


class RankForm(ScopedForm):
    rank = forms.ModelChoiceField(label=_("Rank"), queryset=Rank.objects.order_by("order"))
    valid_from = date_field(_("From"))
    decision = forms.CharField(label=_("Decision"), max_length=255, required=False)


class PositionForm(ScopedForm):
    title = forms.CharField(label=_("Position"), max_length=255)
    unit = PartnerUnitField(
        label=_("Unit"),
        help_text=_("Any unit, also of another branch (a guest's post): type a code or name."),
    )
    valid_from = date_field(_("From"))
    valid_to = date_field(_("Until"), required=False)
    order = forms.IntegerField(label=_("Order"), required=False, initial=0, min_value=0)


class PersonMergeForm(ScopedForm):
    drop = RegistryPersonField(
        label=_("Duplicate record to merge into this one"),
        required=True,
        help_text=_(
            "Type part of the name, then pick. Its ranks, posts, meeting roles, seats and "
            "login move to this record; the duplicate is then removed."
        ),
    )


class PositionEndForm(ScopedForm):
    valid_to = date_field(_("Until"))


def _grantable_clearances(form: ScopedForm, keep: str = "") -> None:
    """Offer only the clearances the acting user may grant (up to their own), and the one the
    user already holds (`keep`): the service refuses the rest anyway."""
    field = form.fields["clearance"]
    field.choices = [  # type: ignore[attr-defined]
        (value, label)
        for value, label in Clearance.choices
        if value == keep or value == Clearance.NONE or may_grant(form.user, value)
    ]


def _grant_line_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Also below it in a line"),
        choices=[("", _("No: the unit and its subtree only")), *Line.choices],
        required=False,
        help_text=_(
            "The role then covers every unit under this one in that line too (a military "
            "Party committee's officer, Party line: the district military Party committees)."
        ),
    )


def _grant_led_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=_("Also the body the committee leads"),
        required=False,
        help_text=_("A grant on a Party committee then covers the command it leads."),
    )


class UserCreateForm(ScopedForm):
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = UnitField(label=_("On unit"))
    line = _grant_line_field()
    reaches_led = _grant_led_field()
    person = RegistryPersonField(
        label=_("Person (cán bộ) this login belongs to"),
        help_text=_("Optional: type part of the name, then pick from the list."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    clearance = forms.ChoiceField(
        label=_("Clearance"), choices=Clearance.choices, initial=Clearance.NONE
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _grantable_clearances(self)


class GrantForm(ScopedForm):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = UnitField(label=_("On unit"))
    line = _grant_line_field()
    reaches_led = _grant_led_field()


class UserEditForm(ScopedForm):
    person = RegistryPersonField(
        label=_("Person (cán bộ) this login belongs to"),
        help_text=_("Type part of the name, then pick from the list; empty to unlink."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    clearance = forms.ChoiceField(label=_("Clearance"), choices=Clearance.choices)
    is_active = forms.BooleanField(label=_("Active"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _grantable_clearances(self, keep=self.initial.get("clearance", ""))


class ResetPasswordForm(ScopedForm):
    password = forms.CharField(label=_("New password"), widget=forms.PasswordInput)
