"""What the commendation forms share: the accepted uploads, the years offered, a person of the
user's units picked as you type, the scoped form that hands the user to it, and the choices
of award forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from tongket.core.errors import NotFound
from tongket.org.selectors import person_get
from tongket.ui.forms.fields import ScopedForm

UPLOAD_ACCEPT = (
    ".pdf,.docx,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)


def year_choices() -> list[tuple[int, int]]:
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


def form_choices(award_forms: list[Any], empty: Any) -> list[tuple[Any, str]]:
    return [("", empty)] + [(f.pk, f"{f.name}") for f in award_forms]
