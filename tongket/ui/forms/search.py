"""The filters of the search page (/search/?q=&kind=&unit=&from=&to=)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongket.search.choices import EntryKind
from tongket.ui.forms.fields import ScopedForm, UnitField, date_field


class SearchForm(ScopedForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Everything")), *EntryKind.choices]
    )
    unit = UnitField(label=_("Unit (and the units below it)"), required=False, help_text="")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" and "to" are the names in the URL ("from" cannot be a class attribute).
        self.fields["from"] = date_field(_("From"), required=False)
        self.fields["to"] = date_field(_("To"), required=False)
        self.fields["q"].widget.attrs.update(
            {"placeholder": _("Words, with or without diacritics"), "autofocus": True}
        )
        self.fields["unit"].widget.attrs["placeholder"] = _("Code or name")
