"""Form fields that pick records within the user's scope, scaling to large trees."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _

from tongket.core.errors import NotFound
from tongket.org import partners
from tongket.org.selectors import unit_resolve, unit_resolve_reach


class UnitCodeInput(forms.TextInput):
    """A text input with a datalist filled as you type (htmx), showing codes and names."""

    template_name = "ui/widgets/unit_code.html"
    reach = False
    partners = False

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        query = "?partners=1" if self.partners else ("?reach=1" if self.reach else "")
        context["lookup_url"] = reverse("ui:unit_lookup") + query
        context["list_id"] = f"{context['widget']['attrs'].get('id', name)}-options"
        return context


class UnitField(forms.CharField):
    """A unit chosen by its code (current or former) or abbreviation, within the scope."""

    widget = UnitCodeInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.user: Any = None
        kwargs.setdefault(
            "help_text", _("Type a code, abbreviation or part of the name, then pick.")
        )
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return getattr(value, "code", value)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text:
            return None
        code = text.split(" — ")[0].strip()
        try:
            return unit_resolve(user=self.user, code=code)
        except NotFound:
            raise forms.ValidationError(
                _("No unit you can see has the code %(code)s.") % {"code": code}
            ) from None


class ReachUnitInput(UnitCodeInput):
    reach = True


class ReachUnitField(UnitField):
    """A unit in the user's subtrees or above them (the issuing body of a resolution)."""

    widget = ReachUnitInput

    def clean(self, value: Any) -> Any:
        text = forms.CharField.clean(self, value)
        if not text:
            return None
        code = text.split(" — ")[0].strip()
        try:
            return unit_resolve_reach(user=self.user, code=code)
        except NotFound:
            raise forms.ValidationError(
                _("No unit you can reach has the code %(code)s.") % {"code": code}
            ) from None


class PartnerUnitInput(UnitCodeInput):
    partners = True


class PartnerUnitField(UnitField):
    """Any unit of the registry, also of another branch (a party of a coordination programme,
    the assignee of a task, a participating unit). Naming it opens none of its data."""

    widget = PartnerUnitInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text",
            _("Any unit, also of another branch: type a code, abbreviation or name, then pick."),
        )
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> Any:
        text = forms.CharField.clean(self, value)
        if not text:
            return None
        code = text.split(" — ")[0].strip()
        try:
            return partners.partner_unit(code=code)
        except NotFound:
            raise forms.ValidationError(
                _("No unit has the code %(code)s.") % {"code": code}
            ) from None


class PersonCodeInput(forms.TextInput):
    """A person typed by name and picked from the registry (htmx datalist: "P12 — rank name,
    positions")."""

    template_name = "ui/widgets/unit_code.html"

    def format_value(self, value: Any) -> Any:
        if hasattr(value, "full_name"):
            return f"{partners.person_code(value)} — {partners.person_label(value)}"
        return value

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["lookup_url"] = reverse("ui:person_lookup")
        context["list_id"] = f"{context['widget']['attrs'].get('id', name)}-options"
        return context


class RegistryPersonField(forms.CharField):
    """One person of the shared registry, from any branch (a chair, a committee head)."""

    widget = PersonCodeInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("Type part of the name, then pick from the list."))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text:
            return None
        try:
            return partners.registry_person(code=text)
        except NotFound:
            raise forms.ValidationError(
                _("Pick the person from the list (or register them first): %(text)s")
                % {"text": text}
            ) from None


class RegistryPeopleField(forms.CharField):
    """Several people of the shared registry, one per line ("P12 — …")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        kwargs.setdefault(
            "help_text",
            _("One person per line, picked from the people search (code P… first)."),
        )
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(
                f"{partners.person_code(p)} — {partners.person_label(p)}" for p in value
            )
        return value

    def clean(self, value: Any) -> list[Any]:
        text = super().clean(value) or ""
        found, missing = [], []
        for line in [line.strip() for line in text.splitlines() if line.strip()]:
            try:
                person = partners.registry_person(code=line)
            except NotFound:
                missing.append(line)
                continue
            if person not in found:
                found.append(person)
        if missing:
            raise forms.ValidationError(
                _("Pick these people from the list (or register them first): %(lines)s")
                % {"lines": "; ".join(missing)}
            )
        return found


def style_widgets(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget, and aria-invalid on fields with errors."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        classes = widget.attrs.get("class", "").split()
        widget.attrs["class"] = " ".join([*classes, css] if css not in classes else classes)
        # `_errors`, not `errors`: reading `errors` here would validate the form inside
        # __init__, before a ScopedForm has handed the user to its unit fields.
        if form.is_bound and form._errors is not None and name in form._errors:
            if "is-invalid" not in classes:
                widget.attrs["class"] += " is-invalid"
            widget.attrs["aria-invalid"] = "true"


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def full_clean(self) -> None:
        super().full_clean()
        style_widgets(self)


class ScopedForm(StyledForm):
    """A form that knows the acting user and hands it to its unit fields."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, UnitField):
                field.user = user


class DateInput(forms.DateInput):
    """Dates typed and shown as dd/mm/yyyy whatever the browser's language (a native date
    input follows the browser's locale, often mm/dd/yyyy on office machines)."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        attrs = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            "pattern": r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}",
            **(attrs or {}),
        }
        super().__init__(attrs, format="%d/%m/%Y")


def date_field(label: Any, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"],
        **kwargs,
    )
