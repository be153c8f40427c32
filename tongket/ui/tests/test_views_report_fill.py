"""Fill a report from a text (Điền từ văn bản): the preview writes nothing, accept writes
exactly the ticked figures through the reporting services, all or nothing; other branches
get 404, a submitted report and a stale version are refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tongket.core.models import ChangeLog
from tongket.core.numbers import format_number
from tongket.reporting.choices import ReportState
from tongket.reporting.models import DataValue, Report
from tongket.reporting.services.reports import Entry, can_fill, value_save
from tongket.resolutions.choices import MeasureKind, UnitAggregation

pytestmark = pytest.mark.django_db
FORM = "BC6T-623-QK2"


def draft() -> Report:
    """The unit's open draft, emptied so every test starts from no figure."""
    report = (
        Report.objects.filter(
            form__code=FORM, unit__code="BCHQS-PT", state=ReportState.DRAFT, period__is_open=True
        )
        .select_related("period", "unit", "form")
        .order_by("-period__sort_key")
        .first()
    )
    assert report is not None
    report.values.all().delete()
    return report


def picked(report: Report) -> tuple[object, object]:
    """A plain number indicator (summed over units, no upper bound below 1.000) and a ratio
    of the report's form."""
    indicators = list(report.form.indicators.order_by("pk"))
    number = next(
        i
        for i in indicators
        if i.measure_kind == MeasureKind.NUMBER
        and i.unit_aggregation == UnitAggregation.SUM
        and (i.max_value is None or i.max_value >= 1000)
        and (i.min_value is None or i.min_value <= 251)
    )
    ratio = next(i for i in indicators if i.measure_kind == MeasureKind.RATIO)
    return number, ratio


def report_text(number, ratio, numerator: int = 40, denominator: int = 42) -> str:  # type: ignore[no-untyped-def]
    return (
        f"Trong 6 tháng đầu năm {2026}, đơn vị triển khai thực hiện nghiêm túc các chỉ tiêu. "
        f"{ratio.name} đạt 95,2% ({numerator}/{denominator} đơn vị); "
        f"phấn đấu đến ngày 30/6/2027 duy trì kết quả.\n"
        f"{number.code}: {format_number(Decimal(251), 0)} {number.unit_of_measure}\n"
    )


def read(client, report: Report, text: str):  # type: ignore[no-untyped-def]
    return client.post(f"/reports/{report.pk}/fill/", {"text": text, "read": "1"})


def accept(client, report: Report, text: str, ticked: list[int], version: int | None = None):  # type: ignore[no-untyped-def]
    return client.post(
        f"/reports/{report.pk}/fill/",
        {
            "source_text": text,
            "version": report.version if version is None else version,
            "use": ticked,
            "accept": "1",
        },
    )


def test_the_report_page_offers_fill_from_a_text_to_its_reporter(client, users) -> None:  # type: ignore[no-untyped-def]
    report = draft()
    client.force_login(users["qk2.baocao"])
    body = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'data-testid="fill-from-text"' in body
    assert client.get(f"/reports/{report.pk}/fill/").status_code == 200


def test_the_preview_shows_the_figures_read_and_writes_nothing(client, users) -> None:  # type: ignore[no-untyped-def]
    # Given an empty draft and a unit's report as text,
    report = draft()
    number, ratio = picked(report)
    client.force_login(users["qk2.baocao"])
    logged = ChangeLog.objects.count()
    # when it is read,
    response = read(client, report, report_text(number, ratio))
    # then both figures are proposed with their snippets highlighted,
    assert response.status_code == 200
    rows = {row["indicator"].pk: row for row in response.context["rows"]}
    assert rows[number.pk]["read"].value == Decimal(251)
    assert (rows[ratio.pk]["read"].numerator, rows[ratio.pk]["read"].denominator) == (40, 42)
    assert rows[ratio.pk]["figure"] == "40/42"
    body = response.content.decode()
    assert "<mark>40/42</mark>" in body and 'data-testid="fill-accept"' in body
    # and nothing is written: no value, no new version, no history line.
    assert not DataValue.objects.filter(report=report).exists()
    report.refresh_from_db()
    assert report.version == response.context["accept_form"].initial["version"]
    assert ChangeLog.objects.count() == logged


def test_accept_writes_exactly_the_ticked_figures(client, users) -> None:  # type: ignore[no-untyped-def]
    report = draft()
    number, ratio = picked(report)
    text = report_text(number, ratio)
    client.force_login(users["qk2.baocao"])
    version = report.version
    # When only the number is ticked and accepted,
    response = accept(client, report, text, [number.pk])
    # then it alone is stored, in one new version, and the page says how many.
    assert response.status_code == 302 and response.url == f"/reports/{report.pk}/"
    stored = DataValue.objects.filter(report=report)
    assert {v.indicator_id: v.value for v in stored} == {number.pk: Decimal(251)}
    report.refresh_from_db()
    assert report.version == version + 1
    page = client.get(response.url)
    assert any("1" in str(m) for m in page.context["messages"])
    # When the ratio is accepted too, its numerator and denominator are stored.
    accept(client, report, text, [number.pk, ratio.pk])
    value = DataValue.objects.get(report=report, indicator=ratio)
    assert (value.numerator, value.denominator) == (40, 42)
    assert value.value == (Decimal(40) / 42 * 100).quantize(Decimal("0.0001"))


def test_a_bad_figure_names_the_indicator_and_nothing_is_written(client, users) -> None:  # type: ignore[no-untyped-def]
    report = draft()
    number, ratio = picked(report)
    # Given a ratio whose numerator is above its denominator,
    text = report_text(number, ratio, numerator=50, denominator=42)
    client.force_login(users["qk2.baocao"])
    response = accept(client, report, text, [number.pk, ratio.pk])
    # then the preview comes back naming the indicator, and not even the good figure is stored.
    assert response.status_code == 200
    assert any(ratio.code in problem for problem in response.context["problems"])
    assert not DataValue.objects.filter(report=report).exists()


def test_a_stale_version_is_refused_and_writes_nothing(client, users) -> None:  # type: ignore[no-untyped-def]
    report = draft()
    number, ratio = picked(report)
    client.force_login(users["qk2.baocao"])
    text = report_text(number, ratio)
    # Given a preview read at one version, and a figure saved by someone else since,
    seen = read(client, report, text).context["accept_form"].initial["version"]
    value_save(
        by=users["qk2.baocao"],
        report=report,
        indicator=ratio,
        entry=Entry(numerator=Decimal(1), denominator=Decimal(2)),
    )
    # when the preview is accepted,
    response = accept(client, report, text, [number.pk, ratio.pk], seen)
    # then nothing of it is saved and the conflict is said.
    assert response.status_code == 200
    assert response.context["problems"]
    assert 'data-testid="fill-problems"' in response.content.decode()
    stored = {v.indicator_id: (v.numerator, v.denominator) for v in report.values.all()}
    assert stored == {ratio.pk: (1, 2)}


def test_another_branch_gets_404(client, users) -> None:  # type: ignore[no-untyped-def]
    report = draft()
    number, ratio = picked(report)
    client.force_login(users["cnqp.baocao"])
    assert client.get(f"/reports/{report.pk}/fill/").status_code == 404
    assert accept(client, report, report_text(number, ratio), [number.pk]).status_code == 404
    assert not DataValue.objects.filter(report=report).exists()


def test_a_submitted_report_refuses(client, users) -> None:  # type: ignore[no-untyped-def]
    user = users["qk2.baocao"]
    submitted = next(
        r
        for r in Report.objects.filter(form__code=FORM, state=ReportState.SUBMITTED)
        .select_related("unit__parent", "period", "form")
        .order_by("-period__sort_key")
        if can_fill(user, r)
    )
    number, ratio = picked(submitted)
    before = {(v.indicator_id, v.value) for v in submitted.values.all()}
    client.force_login(user)
    response = accept(client, submitted, report_text(number, ratio), [number.pk, ratio.pk])
    assert response.status_code == 302 and response.url == f"/reports/{submitted.pk}/"
    assert {(v.indicator_id, v.value) for v in submitted.values.all()} == before
    assert read(client, submitted, report_text(number, ratio)).status_code == 302
    body = client.get(f"/reports/{submitted.pk}/").content.decode()
    assert 'data-testid="fill-from-text"' not in body


def test_an_uploaded_word_file_is_read_like_a_pasted_text(client, users) -> None:  # type: ignore[no-untyped-def]
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from docx import Document

    report = draft()
    number, ratio = picked(report)
    document = Document()
    for line in report_text(number, ratio).splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile("bao-cao.docx", buffer.getvalue())
    client.force_login(users["qk2.baocao"])
    response = client.post(f"/reports/{report.pk}/fill/", {"file": upload, "read": "1"})
    assert response.status_code == 200
    rows = {row["indicator"].pk: row for row in response.context["rows"]}
    assert rows[number.pk]["read"].value == Decimal(251)
    assert not DataValue.objects.filter(report=report).exists()


def test_a_reader_who_may_not_fill_is_sent_back_and_cannot_write(client, users) -> None:  # type: ignore[no-untyped-def]
    # Given a draft of a regiment and Quân khu 2's approver, who reads it but does not fill it
    report = draft()
    approver = users["qk2.duyet"]
    assert not can_fill(approver, report)
    number, ratio = picked(report)
    before = {(v.indicator_id, v.value) for v in report.values.all()}
    client.force_login(approver)
    # When the approver opens the fill page, then they are sent back to the report, told why
    response = client.get(f"/reports/{report.pk}/fill/")
    assert response.status_code == 302 and response.url == f"/reports/{report.pk}/"
    # And posting figures is refused with nothing written
    assert accept(client, report, report_text(number, ratio), [number.pk]).status_code == 403
    assert {(v.indicator_id, v.value) for v in report.values.all()} == before
