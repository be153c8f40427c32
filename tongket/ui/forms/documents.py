"""Forms of a document's correction: its frame, its number and date when it was issued on
paper, and the Word file a person edited. They check the shape of the input; the services
(`documents.correction`, `reviews.services.dossier_frame_save`) decide everything else."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongket.documents.choices import Authority
from tongket.documents.correction import FRAME_FIELDS
from tongket.ui.forms.fields import StyledForm, date_field

MAX_SIGNERS = 4


class FrameForm(StyledForm):
    header_upper = forms.CharField(label=_("Upper header line"), max_length=200, required=False)
    header_issuer = forms.CharField(label=_("Issuer header line"), max_length=200, required=False)
    issuer_code = forms.CharField(label=_("Issuer code in the symbol"), max_length=32)
    subject = forms.CharField(
        label=_("Subject (trích yếu)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    place = forms.CharField(label=_("Place on the date line"), max_length=100, required=False)
    dated_on = date_field(_("Date on the document"), required=False)
    authority = forms.ChoiceField(
        label=_("Signature authority"), choices=Authority.choices, required=False
    )
    authority_body = forms.CharField(
        label=_("Signs for (TM., KT., Q. line)"), max_length=200, required=False
    )
    signer_title = forms.CharField(label=_("Signer's title"), max_length=200, required=False)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=200, required=False)
    recipients = forms.CharField(
        label=_("Recipients (Nơi nhận), one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        derived: dict[str, str] | None = None,
        signers: list[dict[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        derived = derived or {}
        for name in ("header_upper", "header_issuer"):
            self.fields[name].widget.attrs["placeholder"] = derived.get(name, "")
        self.fields["header_upper"].help_text = _(
            "Empty: the superior in the document's line on its date."
        )
        self.fields["header_issuer"].help_text = _("Empty: the issuer's name on the date.")
        self.signer_count = len(signers or [])
        for index, signer in enumerate((signers or [])[:MAX_SIGNERS]):
            self.fields[f"signer_{index}_title"] = forms.CharField(
                label=_("Signer %(n)s: title") % {"n": index + 1},
                max_length=200,
                initial=signer.get("title", ""),
            )
            self.fields[f"signer_{index}_name"] = forms.CharField(
                label=_("Signer %(n)s: name") % {"n": index + 1},
                max_length=200,
                required=False,
                initial=signer.get("name", ""),
            )
        if self.signer_count:
            # The people signing side by side are in the draft: one signer's fields are not.
            for name in ("authority", "authority_body", "signer_title", "signer_name"):
                del self.fields[name]

    def signer_fields(self) -> list[tuple[Any, Any]]:
        return [
            (self[f"signer_{index}_title"], self[f"signer_{index}_name"])
            for index in range(min(self.signer_count, MAX_SIGNERS))
        ]

    def frame(self) -> dict[str, Any]:
        """The service's arguments."""
        data = dict(self.cleaned_data)
        fields: dict[str, Any] = {name: data[name] for name in FRAME_FIELDS if name in self.fields}
        if self.signer_count:
            fields["signers"] = [
                {"title": data[f"signer_{i}_title"], "name": data[f"signer_{i}_name"]}
                for i in range(min(self.signer_count, MAX_SIGNERS))
            ]
        fields["version"] = data["version"]
        return fields


class RecordIssuedForm(StyledForm):
    number = forms.IntegerField(label=_("Number it carries"), min_value=1, max_value=99999)
    issued_on = date_field(_("Issue date"))
    version = forms.IntegerField(widget=forms.HiddenInput)


class WordUploadForm(StyledForm):
    file = forms.FileField(
        label=_("The Word file you edited (DOCX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
