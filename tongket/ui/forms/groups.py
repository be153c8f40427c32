"""Forms of the pages of named bodies (Ban Chỉ đạo, Tổ Biên tập…): they check shape; the
services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongket.org.choices import GroupKind, GroupRole
from tongket.ui.forms.fields import (
    PartnerUnitField,
    RegistryPersonField,
    ScopedForm,
    StyledForm,
    UnitField,
    date_field,
)


class BodyGroupFilterForm(StyledForm):
    q = forms.CharField(label=_("Search by name"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *GroupKind.choices]
    )


class BodyGroupForm(ScopedForm):
    unit = UnitField(label=_("Set up by"))
    kind = forms.ChoiceField(label=_("Kind"), choices=GroupKind.choices)
    name = forms.CharField(
        label=_("Name"),
        max_length=255,
        help_text=_("As the decision writes it, e.g. “Tổ Biên tập tổng kết Nghị quyết 623”."),
    )
    decision = forms.CharField(label=_("Decision"), max_length=255, required=False)
    established_on = date_field(_("Established on"), required=False)
    dissolved_on = date_field(
        _("Ended on"), required=False, help_text=_("Fill in when the body has finished its work.")
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["unit"]
        else:
            del self.fields["dissolved_on"]


class BodyGroupMemberForm(ScopedForm):
    """A member: a person of the registry, or a seat (a position title at a unit)."""

    person = RegistryPersonField(
        label=_("Person"),
        help_text=_("Type part of the name, then pick; or name a position below instead."),
    )
    position_title = forms.CharField(
        label=_("Or a position"),
        max_length=255,
        required=False,
        help_text=_("Whoever holds it on the day, e.g. “Chủ nhiệm Chính trị”."),
    )
    position_unit = PartnerUnitField(label=_("Unit of the position"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=GroupRole.choices, initial=GroupRole.MEMBER)
    title = forms.CharField(
        label=_("Title in the body"),
        max_length=200,
        required=False,
        help_text=_("e.g. “Trưởng ban”, “Tổ trưởng”."),
    )


class BodyGroupMemberRemoveForm(StyledForm):
    member = forms.IntegerField(widget=forms.HiddenInput)
