"""Pages of what hangs on a resolution record: its relations to other resolutions, the
parties of a coordination programme, and its files (downloaded only through a scoped
view)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.core.errors import NotFound
from tongket.resolutions import selectors, services
from tongket.resolutions.models import ResolutionAttachment
from tongket.ui.forms.resolutions import AttachmentForm, PartyForm, RelationForm
from tongket.ui.views.resolutions.common import (
    act,
    detail_url,
    done,
    form_view,
    require_keeper,
    submitted,
)

# --- Relations and parties ----------------------------------------------------------------


@login_required
def resolution_relation_add(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = selectors.resolution_get(user=request.user, pk=pk)
    require_keeper(request, resolution)
    form = RelationForm(request.POST or None, user=request.user)

    def write(data: dict[str, Any]) -> str | None:
        wrote = submitted(
            form,
            services.relation_add,
            by=request.user,
            source=resolution,
            target=data["other"],
            kind=data["kind"],
            valid_from=data["valid_from"],
            note=data["note"],
        )
        return _("Relation recorded.") if wrote else None

    return form_view(
        request,
        form,
        write,
        after=detail_url(resolution, "relations"),
        title=_("Relate %(symbol)s to another resolution") % {"symbol": resolution.symbol},
        action=reverse("ui:resolution_relation_add", args=[resolution.pk]),
        cancel=detail_url(resolution, "relations"),
        submit=_("Record the relation"),
        resolution=resolution,
        intro=_(
            "Superseding marks the other resolution superseded. A resolution that implements "
            "another may link its indicators to the other's."
        ),
        extra={"resolution_lookup": True},
    )


@login_required
@require_POST
def resolution_relation_remove(request: HttpRequest, pk: int, relation_pk: int) -> HttpResponse:
    resolution = selectors.resolution_get(user=request.user, pk=pk)
    relation = resolution.relations_out.filter(pk=relation_pk).select_related("target").first()
    if relation is None:
        raise NotFound(_("Not found."))
    act(
        request,
        services.relation_remove,
        _("Relation removed."),
        by=request.user,
        relation=relation,
    )
    return done(request, detail_url(resolution, "relations"))


@login_required
def resolution_party_add(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = selectors.resolution_get(user=request.user, pk=pk)
    require_keeper(request, resolution)
    form = PartyForm(request.POST or None, user=request.user)

    def write(data: dict[str, Any]) -> str | None:
        wrote = submitted(
            form,
            services.party_add,
            by=request.user,
            resolution=resolution,
            unit=data["unit"],
            role=data["role"],
        )
        return _("%(unit)s added as a party.") % {"unit": data["unit"].name} if wrote else None

    return form_view(
        request,
        form,
        write,
        after=detail_url(resolution, "relations"),
        title=_("Add a party to %(symbol)s") % {"symbol": resolution.symbol},
        action=reverse("ui:resolution_party_add", args=[resolution.pk]),
        cancel=detail_url(resolution, "relations"),
        submit=_("Add the party"),
        resolution=resolution,
        intro=_("The units that signed a coordination programme with the issuing body."),
    )


@login_required
@require_POST
def resolution_party_remove(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    resolution = selectors.resolution_get(user=request.user, pk=pk)
    party = resolution.parties.filter(pk=party_pk).select_related("unit").first()
    if party is None:
        raise NotFound(_("Not found."))
    act(request, services.party_remove, _("Party removed."), by=request.user, party=party)
    return done(request, detail_url(resolution, "relations"))


# --- Files --------------------------------------------------------------------------------


@login_required
def resolution_attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = selectors.resolution_get(user=request.user, pk=pk)
    require_keeper(request, resolution)
    form = AttachmentForm(request.POST or None, request.FILES or None)

    def write(data: dict[str, Any]) -> str | None:
        wrote = submitted(
            form,
            services.attachment_add,
            by=request.user,
            resolution=resolution,
            file=data["file"],
            description=data["description"],
        )
        return _("%(name)s attached.") % {"name": data["file"].name} if wrote else None

    return form_view(
        request,
        form,
        write,
        after=detail_url(resolution, "files"),
        title=_("Attach a file to %(symbol)s") % {"symbol": resolution.symbol},
        action=reverse("ui:resolution_attachment_add", args=[resolution.pk]),
        cancel=detail_url(resolution, "files"),
        submit=_("Attach"),
        resolution=resolution,
        multipart=True,
        intro=_("The signed text as PDF, or a DOCX. Files are checked by their content."),
    )


def _attachment(request: HttpRequest, pk: int, file_pk: int) -> ResolutionAttachment:
    resolution = selectors.resolution_get(user=request.user, pk=pk)
    attachment = resolution.attachments.filter(pk=file_pk).first()
    if attachment is None:
        raise NotFound(_("Not found."))
    attachment.resolution = resolution
    return attachment


@login_required
def resolution_attachment_download(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    """A file of a resolution the user reaches (the media folder is never served directly)."""
    attachment = _attachment(request, pk, file_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise NotFound(_("The file is missing from the storage.")) from error
    return FileResponse(
        handle,
        as_attachment=request.GET.get("inline") != "1",
        filename=attachment.name,
        content_type=attachment.content_type,
    )


@login_required
@require_POST
def resolution_attachment_remove(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    attachment = _attachment(request, pk, file_pk)
    act(
        request,
        services.attachment_remove,
        _("%(name)s removed.") % {"name": attachment.name},
        by=request.user,
        attachment=attachment,
    )
    return done(request, detail_url(attachment.resolution, "files"))
