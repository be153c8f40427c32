"""Every API error is JSON in the documented shape {"detail", "errors"[, "code"]}: an unknown
address, a method not allowed, an unexpected server error and a storage failure (an
unwritable media folder) alike, never an HTML page; the pages say a storage failure in words."""

from __future__ import annotations

import errno

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.api.views.org import UnitViewSet
from tongket.core.middleware import storage_message
from tongket.reporting.choices import ReportState
from tongket.reporting.models import Report, ReportAttachment

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def api(users) -> APIClient:  # type: ignore[no-untyped-def]
    token, _ = Token.objects.get_or_create(user=users["qk2.baocao"])
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def assert_documented(response, status: int) -> dict:  # type: ignore[no-untyped-def, type-arg]
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"] and body["errors"] == {}
    return body


def test_an_unknown_api_address_answers_json_404(api):
    assert_documented(api.get("/api/v1/no-such-thing/"), 404)
    assert_documented(api.get("/api/nothing-here"), 404)


def test_a_method_not_allowed_answers_json_405(api):
    assert_documented(api.delete("/api/v1/units/"), 405)


def test_an_unexpected_server_error_answers_json_500(api, monkeypatch):
    def broken(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug")

    monkeypatch.setattr(UnitViewSet, "list", broken)
    assert_documented(api.get("/api/v1/units/"), 500)


def test_an_unwritable_media_folder_answers_json_503_with_a_message(api, monkeypatch):
    def unwritable(self, name, content):  # type: ignore[no-untyped-def]
        raise PermissionError(errno.EACCES, "Permission denied", name)

    def broken(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        FileSystemStorage().save("x.pdf", SimpleUploadedFile("x.pdf", PDF))

    monkeypatch.setattr(FileSystemStorage, "_save", unwritable)
    monkeypatch.setattr(UnitViewSet, "list", broken)
    body = assert_documented(api.get("/api/v1/units/"), 503)
    assert body["code"] == "storage"


def test_an_unwritable_media_folder_is_said_on_the_page_and_nothing_stored(
    client, users, monkeypatch
):
    """Given the media folder cannot be written, when a reporter attaches a file to a
    report, then the page answers 503 saying the file could not be saved, and no attachment
    is recorded."""

    def unwritable(self, name, content):  # type: ignore[no-untyped-def]
        raise PermissionError(errno.EACCES, "Permission denied", name)

    monkeypatch.setattr(FileSystemStorage, "_save", unwritable)
    client.raise_request_exception = False
    report = (
        Report.objects.filter(
            form__code="BC6T-623-QK2",
            unit__code="BCHQS-PT",
            state=ReportState.DRAFT,
            period__is_open=True,
        )
        .order_by("-period__sort_key")
        .first()
    )
    client.force_login(users["qk2.baocao"])
    upload = SimpleUploadedFile("Phụ lục.pdf", PDF, content_type="application/pdf")
    response = client.post(f"/reports/{report.pk}/files/", {"file": upload})
    assert response.status_code == 503
    with translation.override("vi"):
        assert storage_message() in response.content.decode()
    assert not ReportAttachment.objects.filter(report=report).exists()


def test_a_form_with_too_many_fields_answers_json_400_not_an_html_page(api):
    """Given a body past Django's limit of 1,000 fields (found by calling every operation with
    generated data), then the API answers 400 in its shape, whether the limit is met before
    the view (a POSTed form) or inside it (a PATCHed one)."""
    from django.utils import translation

    # The API answers in Vietnamese unless the user chose English.
    with translation.override("vi"):
        message = translation.gettext("The request has too many fields or is too large.")
    body = "&".join(f"units={i}" for i in range(1100))
    form = "application/x-www-form-urlencoded"
    posted = api.generic("POST", "/api/v1/data-values/", data=body, content_type=form)
    assert assert_documented(posted, 400)["detail"] == message
    report = api.get("/api/v1/reports/").json()["results"][0]["id"]
    patched = api.generic("PATCH", f"/api/v1/reports/{report}/", data=body, content_type=form)
    assert assert_documented(patched, 400)["detail"] == message
