"""Pages of what hangs on a resolution record: its relations to other resolutions, the
parties of a coordination programme, and its files (downloaded only through a scoped
view)."""

from __future__ import annotations

from django.contrib import messages
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
    form_page,
    require_keeper,
    submitted,
)

# --- Relations and parties ----------------------------------------------------------------


@login_required
def resolution_relation_add(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = selectors.resolution_get(user=request.user, pk=pk)
    require_keeper(request, resolution)
    form = RelationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if submitted(
            form,
            services.relation_add,
            by=request.user,
            source=resolution,
            target=data["other"],
            kind=data["kind"],
            valid_from=data["valid_from"],
            note=data["note"],
        ):
            messages.success(request, _("Relation recorded."))
            return done(request, detail_url(resolution, "relations"))
    return form_page(
        request,
        form,
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
    if request.method == "POST" and form.is_valid():
        if submitted(
            form,
            services.party_add,
            by=request.user,
            resolution=resolution,
            unit=form.cleaned_data["unit"],
            role=form.cleaned_data["role"],
        ):
            messages.success(
                request, _("%(unit)s added as a party.") % {"unit": form.cleaned_data["unit"].name}
            )
            return done(request, detail_url(resolution, "relations"))
    return form_page(
        request,
        form,
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
    if request.method == "POST" and form.is_valid():
        if submitted(
            form,
            services.attachment_add,
            by=request.user,
            resolution=resolution,
            file=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        ):
            messages.success(
                request, _("%(name)s attached.") % {"name": form.cleaned_data["file"].name}
            )
            return done(request, detail_url(resolution, "files"))
    return form_page(
        request,
        form,
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
