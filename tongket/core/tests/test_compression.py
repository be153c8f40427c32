"""Pages travel gzip-compressed to browsers that accept it; downloads, already ZIP archives,
travel as they are and still open."""

from __future__ import annotations

import gzip
import io

import pytest
from openpyxl import load_workbook

from tongket.resolutions.models import Resolution


@pytest.mark.django_db
def test_a_page_is_gzip_compressed_when_the_browser_accepts_it(as_user, users):
    """Given a signed-in user, when the home page is asked for with Accept-Encoding: gzip,
    then it comes back gzip-encoded, smaller, and decompresses to the same page."""
    client = as_user(users["qk2.theodoi"])
    plain = client.get("/")
    compressed = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert plain.status_code == compressed.status_code == 200
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    page = gzip.decompress(compressed.content).decode()
    assert "<html" in page and len(compressed.content) < len(page.encode()) / 3


@pytest.mark.django_db
def test_an_api_answer_is_gzip_compressed(as_user, users):
    client = as_user(users["qk2.theodoi"])
    response = client.get("/api/v1/resolutions/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content).startswith(b"{")


@pytest.mark.django_db
def test_a_workbook_download_is_sent_as_it_is_and_opens(as_user, users):
    """Given a browser that accepts gzip, when it downloads a resolution's workbook, then the
    XLSX (a ZIP archive already) is not compressed again and opens with its sheets."""
    client = as_user(users["qk2.theodoi"])
    r382 = Resolution.objects.get(symbol="382-NQ/ĐUQSTW")
    response = client.get(f"/resolutions/{r382.pk}/export/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Giao chỉ tiêu" in load_workbook(io.BytesIO(response.content)).sheetnames
