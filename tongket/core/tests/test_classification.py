"""The classification rule: the levels, the mark a derived record carries, the mark stored on
documents drafted from a marked source, and the stamp on the XLSX files of marked records."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tongket.core import classification
from tongket.core.scopes import SYSTEM
from tongket.core.workbook import (
    Problems,
    new_workbook,
    open_workbook,
    read_sheet,
    workbook_bytes,
    write_sheet,
)
from tongket.org.choices import Clearance
from tongket.org.services import user_update
from tongket.resolutions.choices import Classification
from tongket.testing import classification as marked

pytestmark = pytest.mark.django_db


def test_marks_and_clearances_share_the_levels_of_the_rule():
    assert list(classification.LEVELS) == list(Classification.values) == list(Clearance.values)
    assert classification.stamp_text("confidential") == "MẬT"
    assert classification.stamp_text("secret") == "TỐI MẬT"
    assert classification.stamp_text("top_secret") == "TUYỆT MẬT"
    assert classification.stamp_text("none") == ""


def test_every_record_derived_from_a_marked_resolution_carries_its_mark():
    # Given 382-NQ/ĐUQSTW marked secret after its review's dossier was drafted unmarked
    marked.mark_secret()
    from tongket.awards.models import AwardDecision, Nomination
    from tongket.documents.models import Document
    from tongket.meetings.models import FollowUpTask, Meeting
    from tongket.reporting.models import Report, ReportForm
    from tongket.resolutions.models import Indicator
    from tongket.reviews.models import ReviewCampaign, UnitReviewReport

    models = {
        "form": ReportForm,
        "report": Report,
        "campaign": ReviewCampaign,
        "review": UnitReviewReport,
        "document": Document,
        "meeting": Meeting,
        "task": FollowUpTask,
        "decision": AwardDecision,
        "nomination": Nomination,
        "indicator": Indicator,
    }
    objects = marked.derived()
    # Then each derived record carries "secret"
    for kind, model in models.items():
        assert classification.mark_of(model.objects.get(pk=objects[kind])) == "secret", kind
    # and a record of another resolution carries none
    other = ReportForm.objects.exclude(resolution=marked.resolution()).exclude(
        form_indicators__indicator__resolution=marked.resolution()
    )
    assert classification.mark_of(other.first()) == "none"


def test_documents_drafted_from_a_marked_review_are_created_with_its_mark():
    from tongket.org.models import Unit
    from tongket.resolutions.services import resolution_update
    from tongket.reviews import selectors, services
    from tongket.reviews.choices import CampaignKind

    # Given 382 marked secret and a new interim review of it with no dossier yet
    source = resolution_update(by=SYSTEM, resolution=marked.resolution(), classification="secret")
    review = services.campaign_create(
        by=SYSTEM,
        kind=CampaignKind.INTERIM,
        resolution=source,
        owner_unit=Unit.objects.get(code="DU-TCCNQP"),
        standing_agency=Unit.objects.get(code="TCCNQP"),
        span_from=2008,
        span_to=2012,
        next_from=2013,
        next_to=2017,
        title="Sơ kết 5 năm (kiểm thử)",
        style="party",
    )
    # When the dossier is drafted from the data
    services.campaign_synthesize(by=SYSTEM, campaign=review)
    # Then every document of it is stored with the mark
    documents = list(selectors.dossier(campaign=review).values())
    assert documents
    assert {document.classification for document in documents} == {"secret"}


def test_a_stamped_workbook_reads_back_with_its_rows_numbered_as_in_excel():
    workbook = new_workbook()
    write_sheet(workbook, "Số liệu", ["Mã", "Giá trị"], [["A", 1], ["B", 2]])
    data = workbook_bytes(workbook, mark="secret")
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet["A1"].value == "TỐI MẬT"
    assert [c.value for c in sheet[2]] == ["Mã", "Giá trị"]
    assert sheet.freeze_panes == "A3"
    problems = Problems()
    read = read_sheet(
        open_workbook(SimpleUploadedFile("x.xlsx", data)), "Số liệu", ["Mã", "Giá trị"], problems
    )
    assert not problems
    assert [(number, row["Mã"]) for number, row in read.rows] == [(3, "A"), (4, "B")]


def test_xlsx_exports_of_marked_records_carry_the_stamp_on_top(client, admin_user):
    # Given 382 marked secret and a reader cleared for it
    marked.mark_secret()
    objects = marked.derived()
    user_update(by=SYSTEM, user=admin_user, clearance="secret")
    client.force_login(admin_user)
    source = marked.resolution()
    from tongket.org.models import Unit

    unit = Unit.objects.get(code="TCCNQP")
    exports = [
        f"/report-forms/{objects['form']}/template/",
        f"/decisions/{objects['decision']}/xlsx/",
        f"/resolutions/{source.pk}/export/",
        f"/dashboards/resolutions/{source.pk}/?unit={unit.pk}&export=xlsx",
        f"/reports/?form={objects['form']}&export=xlsx",
    ]
    for path in exports:
        # When the file is downloaded
        response = client.get(path)
        assert response.status_code == 200, path
        data = (
            b"".join(response.streaming_content)
            if getattr(response, "streaming", False)
            else response.content
        )
        # Then its first sheet starts with the stamp
        assert load_workbook(io.BytesIO(data)).worksheets[0]["A1"].value == "TỐI MẬT", path


def test_notifications_about_a_marked_record_reach_only_cleared_users(client, admin_user):
    from tongket.core.models import Notification
    from tongket.core.services import notify

    # Given a notification sent to the administrator about a report of 382, then 382 marked
    report = marked.derived()["report"]
    Notification.objects.filter(user=admin_user).delete()
    notify(users=[admin_user], title="Báo cáo BCN-382-CNQP", url=f"/reports/{report}/")
    note = Notification.objects.get(user=admin_user)
    marked.mark_secret()
    client.force_login(admin_user)
    # Then without clearance the list and the unread count leave it out, and it cannot be
    # opened; a new one about the record is not even sent
    page = client.get("/notifications/")
    assert "BCN-382-CNQP" not in page.content.decode()
    assert page.context["unread_notifications"] == 0
    assert client.post(f"/notifications/{note.pk}/read/").status_code == 404
    assert notify(users=[admin_user], title="Nhắc", url=f"/reports/{report}/") == 0
    # and with the clearance it is there
    user_update(by=SYSTEM, user=admin_user, clearance="secret")
    page = client.get("/notifications/")
    assert "BCN-382-CNQP" in page.content.decode()
    assert page.context["unread_notifications"] == 1
    assert notify(users=[admin_user], title="Nhắc", url=f"/reports/{report}/") == 1


def test_the_unread_count_leaves_out_what_the_list_leaves_out(admin_user, monkeypatch):
    """The top bar's unread count (checked link by link for a few notifications) equals the
    count through the list's filter: a link to a hidden record is left out; a link to a
    visible record, to no record, to a page that is no record, or with a query string, stays."""
    from tongket.core import selectors
    from tongket.core.models import Notification
    from tongket.core.services import notify
    from tongket.reporting.models import Report

    report = marked.derived()["report"]
    visible = (
        Report.objects.exclude(form__resolution=marked.resolution())
        .values_list("pk", flat=True)
        .first()
    )
    Notification.objects.filter(user=admin_user).delete()
    assert selectors.notifications_unread_count(user=admin_user) == 0
    for url in (
        f"/reports/{report}/",
        f"/reports/{visible}/",
        "/reports/987654320/",
        "/dashboards/",
        f"/reports/{report}/?tab=values",
    ):
        notify(users=[admin_user], title="Báo cáo", url=url)
    marked.mark_secret()

    def through_filter() -> int:
        return Notification.objects.filter(
            classification.notification_clearance_q(admin_user),
            user=admin_user,
            read_at__isnull=True,
        ).count()

    assert through_filter() == 4
    assert selectors.notifications_unread_count(user=admin_user) == 4
    monkeypatch.setattr(selectors, "UNREAD_CHECKED_HERE", 2)
    assert selectors.notifications_unread_count(user=admin_user) == 4
    user_update(by=SYSTEM, user=admin_user, clearance="secret")
    assert selectors.notifications_unread_count(user=admin_user) == 5


def test_an_award_decision_for_a_marked_review_is_created_with_its_mark(units):
    from tongket.awards import services
    from tongket.awards.models import AwardForm, Nomination

    # Given 382 marked secret and an approved nomination of its review
    marked.mark_secret()
    root = units["TCCNQP"]
    nomination = services.nomination_create(
        by=SYSTEM,
        proposing_unit=root,
        form=AwardForm.objects.get(code="GK"),
        year=2022,
        nominee_unit=units["Z111"],
        campaign=marked.campaign(),
        achievement="Hoàn thành xuất sắc nhiệm vụ.",
    )
    services.nomination_submit(by=SYSTEM, nomination=nomination)
    services.nomination_council_review(by=SYSTEM, nomination=nomination, votes_for=5, votes_total=5)
    services.nomination_approve(by=SYSTEM, nomination=nomination)
    # When the decision is issued
    decision = services.decision_issue(
        by=SYSTEM,
        issuer=nomination.decider,
        form=nomination.form,
        nominations=[Nomination.objects.get(pk=nomination.pk)],
    )
    # Then its document is stored with the mark
    assert decision.document.classification == "secret"
