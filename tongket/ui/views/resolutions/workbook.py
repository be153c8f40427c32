"""The indicators-and-targets workbook of a resolution: the template, the export, and the
import run as a background job with a progress bar."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tongket.core.jobs import job_start
from tongket.resolutions import selectors, services
from tongket.ui.forms.resolutions import ImportForm
from tongket.ui.views.base import XLSX, file_response
from tongket.ui.views.resolutions.common import detail_url, require_keeper


def _file_name(prefix: str, symbol: str) -> str:
    return f"{prefix} {symbol.replace('/', '-')}.xlsx"


@login_required
def resolution_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The indicators and the targets I may read, in the workbook that imports back."""
    resolution = selectors.resolution_get(user=request.user, pk=pk)
    content = services.export_workbook(user=request.user, resolution=resolution)
    return file_response(content, _file_name("Chi tieu", resolution.symbol), XLSX)


@login_required
def resolution_template(request: HttpRequest, pk: int) -> HttpResponse:
    """The empty workbook with its drop-down lists and a guide."""
    resolution = selectors.resolution_get(user=request.user, pk=pk)
    content = services.export_workbook(user=request.user, resolution=resolution, template=True)
    return file_response(content, _file_name("Mau chi tieu", resolution.symbol), XLSX)


@login_required
def resolution_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a workbook; the import runs in the background and its page shows progress and,
    if refused, every bad row."""
    resolution = selectors.resolution_get(user=request.user, pk=pk)
    require_keeper(request, resolution)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            form.add_error("file", _("Choose an Excel workbook (.xlsx)."))
        else:
            job = job_start(
                by=request.user,
                kind="resolutions.import_indicators",
                title=_("Import of indicators and targets of %(symbol)s")
                % {"symbol": resolution.symbol},
                unit_path=resolution.owner_unit.path,
                params={"resolution": resolution.pk},
                file=upload,
            )
            back = detail_url(resolution)
            return redirect(
                reverse("ui:job_detail", args=[job.pk]) + "?" + urlencode({"back": back})
            )
    return render(
        request,
        "ui/resolutions/import.html",
        {
            "form": form,
            "resolution": resolution,
            "title": _("Import indicators and targets"),
            "indicator_count": resolution.indicators.count(),
        },
    )
