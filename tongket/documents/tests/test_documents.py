"""Numbers never given twice, profiles never missing a rule, documents rendered in their
format, issued documents frozen."""

import datetime
import io
import threading

import pytest
from django.db import close_old_connections, connection, transaction
from docx import Document as Docx

from tongket.core.errors import DomainError
from tongket.core.scopes import SYSTEM
from tongket.documents import services
from tongket.documents.choices import DocumentKind
from tongket.documents.models import FormatProfile, NumberRegistry
from tongket.documents.profiles import STATE_2020
from tongket.documents.rendering import docx_to_pdf, formal_date, libreoffice, render_docx
from tongket.org.models import Unit

D = datetime.date


@pytest.mark.django_db
def test_numbers_run_per_year_for_the_state_and_per_term_for_the_party():
    unit = Unit.objects.get(code="BCHQS-DL")
    with transaction.atomic():
        state = [
            services.number_take(issuer=unit, type_code="BC", style="state", on=D(2024, m, 1))
            for m in (1, 5, 12)
        ]
        new_year = services.number_take(
            issuer=unit, type_code="BC", style="state", on=D(2025, 1, 2)
        )
        party = [
            services.number_take(issuer=unit, type_code="NQ", style="party", on=day)
            for day in (D(2021, 3, 1), D(2023, 9, 1), D(2024, 12, 31))
        ]
        next_term = services.number_take(
            issuer=unit, type_code="NQ", style="party", on=D(2025, 3, 1)
        )
    assert state == [1, 2, 3] and new_year == 1
    assert party == [1, 2, 3] and next_term == 1
    assert (
        services.symbol_of(number=7, type_code="BC", issuer_code="UBND", style="state")
        == "07/BC-UBND"
    )
    assert (
        services.symbol_of(number=382, type_code="NQ", issuer_code="ĐUQSTW", style="party")
        == "382-NQ/ĐUQSTW"
    )


@pytest.mark.django_db
def test_two_requests_at_the_same_moment_never_get_the_same_number():
    """Eight threads, each with its own connection and transactions, take numbers at once
    (real concurrency on PostgreSQL): every number is distinct and they run 1…N."""
    if connection.vendor == "sqlite":
        pytest.skip("the test database is in memory: threads cannot share it")
    unit = Unit.objects.get(code="CKT")
    taken: list[int] = []
    errors: list[Exception] = []
    barrier = threading.Barrier(8)

    def take() -> None:
        try:
            barrier.wait()
            for _ in range(5):
                with transaction.atomic():
                    taken.append(
                        services.number_take(
                            issuer=unit, type_code="TB-CONC", style="state", on=D(2024, 6, 1)
                        )
                    )
        except Exception as error:
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert sorted(taken) == list(range(1, 41))
    assert (
        NumberRegistry.objects.get(issuer=unit, type_code="TB-CONC", period_key="2024").last_number
        == 40
    )


@pytest.mark.django_db
def test_a_profile_missing_a_rule_is_refused_naming_it():
    rules = {**STATE_2020, "signature": {"title_size": 14}}
    with pytest.raises(DomainError) as caught:
        services.format_profile_save(
            by=SYSTEM,
            code="state-2026",
            name="Thử",
            style="state",
            valid_from=D(2026, 1, 1),
            rules=rules,
        )
    assert "signature.name_size" in caught.value.messages[0]
    saved = services.format_profile_save(
        by=SYSTEM,
        code="state-2026",
        name="Thử",
        style="state",
        valid_from=D(2026, 1, 1),
        rules=STATE_2020,
    )
    assert services.profile_for(style="state", on=D(2026, 6, 1)) == saved
    assert services.profile_for(style="state", on=D(2024, 6, 1)).code == "state-30-2020"


def test_the_formal_date_line():
    assert formal_date("Hà Nội", D(2020, 1, 5)) == "Hà Nội, ngày 05 tháng 01 năm 2020"
    assert formal_date("Đắk Lắk", D(2023, 8, 22)) == "Đắk Lắk, ngày 22 tháng 8 năm 2023"


@pytest.mark.django_db
def test_a_party_document_renders_its_header_number_date_and_signature():
    unit = Unit.objects.get(code="DU-QK2")
    document = services.document_create(
        by=SYSTEM,
        kind=DocumentKind.REVIEW_REPORT,
        issuer=unit,
        style="party",
        subject="tổng kết 10 năm thực hiện Nghị quyết 623-NQ/QUTW",
        content=[
            {"key": "a", "heading": "Kết quả", "level": 0, "text": "Đoạn một.\nĐoạn hai."},
            {
                "key": "b",
                "heading": "Số liệu",
                "level": 1,
                "table": {
                    "columns": ["Mã", "Giá trị"],
                    "rows": [["HC01", "95,0 %"]],
                    "numeric": [1],
                },
            },
        ],
        place="Phú Thọ",
        recipients=["Quân ủy Trung ương"],
        authority="on_behalf",
        authority_body="Đảng ủy Quân khu 2",
        signer_title="Bí thư",
        signer_name="Nguyễn Văn A",
    )
    document = services.document_issue(by=SYSTEM, document=document, issued_on=D(2022, 7, 8))
    # The issuer code is the leading code of "ĐU QK2", never the letters glued together.
    assert document.symbol == "01-BC/ĐU"
    data = render_docx(document, services.current_version(document).content)
    text = "\n".join(p.text for p in Docx(io.BytesIO(data)).paragraphs)
    cells = "\n".join(
        cell.text
        for table in Docx(io.BytesIO(data)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in cells and "ĐẢNG ỦY QUÂN KHU 2" in cells
    assert "Số 01-BC/ĐU" in cells and "Phú Thọ, ngày 08 tháng 7 năm 2022" in cells
    assert "T/M ĐẢNG ỦY QUÂN KHU 2" in cells and "Nơi nhận:" in cells
    assert "I- KẾT QUẢ" in text and "1- Số liệu" in text and "BÁO CÁO" in text
    with pytest.raises(DomainError):
        services.document_version_save(by=SYSTEM, document=document, content=[])


@pytest.mark.django_db
def test_a_document_without_a_place_takes_its_issuers():
    """Sư đoàn 316 has no place name of its own: its documents are dated in Quân khu 2's."""
    document = services.document_create(
        by=SYSTEM,
        kind=DocumentKind.REVIEW_REPORT,
        issuer=Unit.objects.get(code="SD316"),
        style="state",
        subject="thử",
        content=[{"key": "a", "heading": "Kết quả", "level": 0, "text": "Đoạn một."}],
    )
    data = render_docx(document, services.current_version(document).content)
    cells = "\n".join(
        cell.text
        for table in Docx(io.BytesIO(data)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "Phú Thọ, ngày" in cells and "Hà Nội" not in cells


@pytest.mark.django_db
@pytest.mark.skipif(libreoffice() is None, reason="LibreOffice is not installed")
def test_a_document_converts_to_pdf_where_libreoffice_is_installed():
    unit = Unit.objects.get(code="BCHQS-DL")
    document = services.document_create(
        by=SYSTEM,
        kind=DocumentKind.REPORT,
        issuer=unit,
        style="state",
        subject="về thử",
        content=[{"key": "a", "heading": "Nội dung", "level": 0, "text": "Chữ tiếng Việt có dấu."}],
    )
    pdf = docx_to_pdf(render_docx(document, services.current_version(document).content))
    assert pdf.startswith(b"%PDF-")


@pytest.mark.django_db
def test_profiles_ship_with_every_rule():
    from tongket.documents.profiles import missing_rules

    for profile in FormatProfile.objects.all():
        assert missing_rules(profile.rules) == [], profile.code
