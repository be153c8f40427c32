"""The page "Trao đổi dữ liệu (DHIS2)": download a form's values as a DHIS2 dataValueSet
(JSON or CSV, in our codes or a mapping's identifiers); upload one, see what it would do
(counts, or every error by row) and confirm the import; keep the exchange mappings (list,
create, paste rows, remove rows). Everything goes through `analysis.exchange` and the
services; the file previewed is held on the server until confirmed (`exchange_files`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tongket.analysis import dhis2, exchange, exchange_files, selectors, services
from tongket.analysis.models import ExchangeMapping
from tongket.core import scopes
from tongket.core.errors import NotFound, RowErrors
from tongket.org import policy
from tongket.org.policy import Action
from tongket.reporting import selectors as reporting_selectors
from tongket.reporting.models import ReportForm
from tongket.ui.forms.fields import StyledForm
from tongket.ui.views.analysis import _unit_choices
from tongket.ui.views.base import active_unit, call_service, file_response, refusal

FORMATS = [("json", "JSON"), ("csv", "CSV")]


def _choices(items: list[Any], blank: Any = None) -> list[tuple[Any, Any]]:
    found = [(item.pk, f"{item.code} – {item.name}") for item in items]
    return ([("", blank)] if blank else []) + found


class ExportForm(StyledForm):
    report_form = forms.TypedChoiceField(label=gettext_lazy("Report form"), coerce=int)
    periods = forms.CharField(
        label=gettext_lazy("Periods"),
        help_text=gettext_lazy("Codes separated by commas, ours or DHIS2's: 2025-H1, 2025S2"),
    )
    unit = forms.TypedChoiceField(
        label=gettext_lazy("Units"), coerce=int, required=False, empty_value=None
    )
    mapping = forms.TypedChoiceField(
        label=gettext_lazy("Mapping"), coerce=int, required=False, empty_value=None
    )
    output = forms.ChoiceField(label=gettext_lazy("File format"), choices=FORMATS, initial="json")

    def __init__(
        self,
        *args: Any,
        report_forms: list[Any],
        units: list[Any],
        mappings: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["report_form"].choices = _choices(report_forms)
        self.fields["unit"].choices = [("", _("All units of my scope"))] + [
            (u.pk, f"{getattr(u, 'picker_indent', '')}{u.name}") for u in units
        ]
        self.fields["mapping"].choices = [("", _("None: our codes"))] + [
            (m.pk, m.name) for m in mappings
        ]


class UploadForm(StyledForm):
    file = forms.FileField(
        label=gettext_lazy("dataValueSets file"),
        help_text=gettext_lazy("JSON, or CSV with DHIS2's header line"),
    )
    mapping = forms.TypedChoiceField(
        label=gettext_lazy("Mapping"), coerce=int, required=False, empty_value=None
    )
    report_form = forms.TypedChoiceField(
        label=gettext_lazy("Report form"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=gettext_lazy("Empty: the file's dataSet, or the one form that fits"),
    )

    def __init__(
        self, *args: Any, report_forms: list[Any], mappings: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["report_form"].choices = _choices(report_forms, blank="–")
        self.fields["mapping"].choices = [("", _("None: our codes"))] + [
            (m.pk, m.name) for m in mappings
        ]


class MappingForm(StyledForm):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    owner_unit = forms.TypedChoiceField(label=gettext_lazy("Kept by"), coerce=int)
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].choices = [(u.pk, u.name) for u in units]


class RowsForm(StyledForm):
    text = forms.CharField(
        label=gettext_lazy("Rows"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "fbfJHSPpUQD,unit,QK2"}),
        help_text=gettext_lazy(
            "One identifier a line: external_id,kind,our_code (kind: unit, indicator, form "
            "or period, e.g. 2026AprilS1,period,2026-H1), then optionally the numerator's "
            "and the denominator's combo, and the resolution's symbol for an indicator code "
            "several resolutions use (or write SYMBOL:CODE, e.g. 15/KH-BTL:QK2-HC01)"
        ),
    )
    file = forms.FileField(label=gettext_lazy("or a CSV file"), required=False)
    replace = forms.BooleanField(
        label=gettext_lazy("Put these rows in place of all the others"), required=False
    )


def _keeps(user: Any, unit: Any) -> bool:
    return scopes.covers(user, unit, policy.roles(Action.KEEP_GROUPS_AND_RULES))


def _page(request: HttpRequest, **context: Any) -> HttpResponse:
    mappings = list(selectors.mapping_list(user=request.user))
    report_forms = list(reporting_selectors.form_list(user=request.user))
    units = _unit_choices(request)
    kept_units = [u for u in units if _keeps(request.user, u)]
    context.setdefault(
        "export_form",
        ExportForm(
            report_forms=report_forms,
            units=units,
            mappings=mappings,
            initial={"unit": getattr(active_unit(request), "pk", None)},
        ),
    )
    context.setdefault("upload_form", UploadForm(report_forms=report_forms, mappings=mappings))
    context.setdefault("mapping_form", MappingForm(units=kept_units) if kept_units else None)
    request.nav_section = "exchange"  # type: ignore[attr-defined]
    return render(
        request,
        "ui/analysis/exchange.html",
        {"title": _("Data exchange (DHIS2)"), "mappings": mappings, **context},
    )


def _mapping(request: HttpRequest, pk: Any) -> ExchangeMapping | None:
    if pk is None:
        return None
    return selectors.mapping_get(user=request.user, pk=pk)


def _download(request: HttpRequest, form: ExportForm) -> HttpResponse | None:
    data = form.cleaned_data
    try:
        report_form = reporting_selectors.form_list(user=request.user).get(pk=data["report_form"])
    except ReportForm.DoesNotExist as error:  # offered from the same list: gone since
        raise NotFound(_("Not found.")) from error
    within = None
    if data.get("unit"):
        within = next((u for u in _unit_choices(request) if u.pk == data["unit"]), None)
        if within is None:
            raise NotFound(_("Not found."))
    try:
        ids = exchange.identifiers(user=request.user, mapping=_mapping(request, data["mapping"]))
        codes = [ids.period_in(c) for c in data["periods"].split(",") if c.strip()]
        periods = reporting_selectors.periods_get(codes=codes, field="periods")
        exported = exchange.export_set(
            user=request.user, form=report_form, periods=periods, within=within, ids=ids
        )
    except ValidationError as error:
        for field, problems in refusal(error).items():
            for message in problems:
                form.add_error(field if field in form.fields else None, message)
        return None
    if data["output"] == "csv":
        return file_response(
            dhis2.csv_text(exported).encode(), f"{report_form.code}.csv", "text/csv; charset=utf-8"
        )
    import json

    return file_response(
        json.dumps(exported, ensure_ascii=False, indent=1).encode(),
        f"{report_form.code}.json",
        "application/json",
    )


def _import(
    request: HttpRequest, held: Any, *, dry_run: bool
) -> tuple[dict[str, Any] | None, list[dict[str, Any]], list[str]]:
    """(counts, row errors, other errors) of the held file."""
    try:
        values, sheet, data_set = exchange_files.read_file(bytes(held.content), is_csv=held.is_csv)
        ids = exchange.identifiers(user=request.user, mapping=held.mapping)
        counts = exchange.import_set(
            by=request.user,
            values=values,
            sheet=sheet,
            ids=ids,
            form=held.form,
            data_set=data_set,
            dry_run=dry_run,
        )
    except RowErrors as error:
        return None, error.rows, [str(m) for m in error.messages]
    except (ValidationError, PermissionDenied) as error:
        return None, [], [m for problems in refusal(error).values() for m in problems]
    return counts, [], []


def _preview(request: HttpRequest) -> HttpResponse:
    mappings = list(selectors.mapping_list(user=request.user))
    report_forms = list(reporting_selectors.form_list(user=request.user))
    form = UploadForm(request.POST, request.FILES, report_forms=report_forms, mappings=mappings)
    if not form.is_valid():
        return _page(request, upload_form=form)
    upload = form.cleaned_data["file"]
    if upload.size > exchange_files.MAX_FILE:
        form.add_error(
            "file",
            _("The file is larger than %(n)s MB.")
            % {"n": exchange_files.MAX_FILE // (1024 * 1024)},
        )
        return _page(request, upload_form=form)
    content = upload.read()
    name = getattr(upload, "name", "") or ""
    is_csv = name.lower().endswith(".csv") or not content.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(
        (b"{", b"[")
    )
    mapping = _mapping(request, form.cleaned_data["mapping"])
    chosen = form.cleaned_data["report_form"]
    report_form = next((f for f in report_forms if f.pk == chosen), None)
    held = exchange_files.data_value_set_stage(
        by=request.user,
        content=content,
        file_name=name,
        is_csv=is_csv,
        mapping=mapping,
        form=report_form,
    )
    counts, rows, errors = _import(request, held, dry_run=True)
    if counts is None:
        exchange_files.staged_discard(by=request.user, held=held)
    return _page(
        request,
        upload_form=form,
        preview={"counts": counts, "rows": rows, "errors": errors, "held": held, "name": name},
    )


def _confirm(request: HttpRequest) -> HttpResponse:
    try:
        held = exchange_files.staged_take(by=request.user, token=request.POST.get("token", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("ui:analysis_exchange")
    counts, rows, errors = _import(request, held, dry_run=False)
    if counts is None:
        return _page(
            request,
            preview={
                "counts": None,
                "rows": rows,
                "errors": errors,
                "held": None,
                "name": held.file_name,
            },
        )
    exchange_files.staged_discard(by=request.user, held=held)
    messages.success(
        request,
        _("Imported %(values)s values into %(reports)s reports of %(form)s.")
        % {"values": counts["values"], "reports": counts["reports"], "form": counts["form"]},
    )
    return redirect("ui:analysis_exchange")


def _create_mapping(request: HttpRequest) -> HttpResponse:
    kept = [u for u in _unit_choices(request) if _keeps(request.user, u)]
    if not kept:
        raise NotFound(_("Not found."))
    form = MappingForm(request.POST, units=kept)
    if form.is_valid():
        data = dict(form.cleaned_data)
        owner = next((u for u in kept if u.pk == data.pop("owner_unit")), None)
        if owner is None:
            raise NotFound(_("Not found."))
        mapping = call_service(
            form, services.mapping_create, by=request.user, owner_unit=owner, **data
        )
        if mapping is not None:
            messages.success(request, _("Mapping created: paste its rows."))
            return redirect("ui:analysis_exchange_mapping", pk=mapping.pk)
    return _page(request, mapping_form=form)


@login_required
def exchange_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "preview":
            return _preview(request)
        if step == "confirm":
            return _confirm(request)
        if step == "mapping":
            return _create_mapping(request)
        return redirect("ui:analysis_exchange")
    if "download" in request.GET:
        form = ExportForm(
            request.GET,
            report_forms=list(reporting_selectors.form_list(user=request.user)),
            units=_unit_choices(request),
            mappings=list(selectors.mapping_list(user=request.user)),
        )
        if form.is_valid():
            response = _download(request, form)
            if response is not None:
                return response
        return _page(request, export_form=form)
    return _page(request)


@login_required
def mapping_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mapping = selectors.mapping_get(user=request.user, pk=pk)
    can_keep = _keeps(request.user, mapping.owner_unit)
    form = RowsForm()
    row_errors: list[dict[str, Any]] = []
    if request.method == "POST":
        if not can_keep:
            raise NotFound(_("Not found."))
        form = RowsForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data.get("file")
            content = upload.read() if upload else form.cleaned_data["text"]
            try:
                counts = services.mapping_rows_load(
                    by=request.user,
                    mapping=mapping,
                    rows=services.exchange.mapping_rows_of_csv(content),
                    replace=form.cleaned_data["replace"],
                )
            except RowErrors as error:
                form.add_error(None, error.messages[0])
                row_errors = error.rows
            except (ValidationError, PermissionDenied) as error:
                for problems in refusal(error).values():
                    for message in problems:
                        form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("%(added)s identifiers added, %(removed)s removed.") % counts,
                )
                return redirect("ui:analysis_exchange_mapping", pk=mapping.pk)
    request.nav_section = "exchange"  # type: ignore[attr-defined]
    return render(
        request,
        "ui/analysis/exchange_mapping.html",
        {
            "title": mapping.name,
            "mapping": mapping,
            "rows": list(selectors.mapping_rows(user=request.user, mapping=mapping)),
            "form": form,
            "row_errors": row_errors,
            "can_keep": can_keep,
        },
    )


@login_required
@require_POST
def mapping_delete(request: HttpRequest, pk: int) -> HttpResponse:
    mapping = selectors.mapping_get(user=request.user, pk=pk)
    if not _keeps(request.user, mapping.owner_unit):
        raise NotFound(_("Not found."))
    services.mapping_delete(by=request.user, mapping=mapping)
    messages.success(request, _("Mapping deleted."))
    return redirect("ui:analysis_exchange")


@login_required
@require_POST
def mapping_row_remove(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.mapping_row_get(user=request.user, pk=pk)
    if not _keeps(request.user, row.mapping.owner_unit):
        raise NotFound(_("Not found."))
    services.mapping_row_remove(by=request.user, row=row)
    messages.success(request, _("Identifier removed."))
    return redirect("ui:analysis_exchange_mapping", pk=row.mapping_id)
