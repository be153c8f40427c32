"""Demo review campaigns and conferences from the scenario (dates, bodies, formats and roles
as reported; people are placeholders, figures come from the demo reports):

- the final review of Resolution 520: its plan (kế hoạch), the steering committee's first
  session on the afternoon of 21/10/2021, the draft dossier in consultation, appraisal by
  Tổng cục Chính trị to come;
- Quân khu 2's ten-year review of 623: unit reports accepted, the dossier still to draft (the
  guided journey starts here), the conference of 08/07/2022 (in person and online);
- Tổng cục CNQP's reviews of 382 (15 years) and 765 (10 years), adopted at the expanded
  party committee conference of 15/07/2022;
- Đắk Lắk's mid-term review of its coordination programme on the morning of 22/08/2023;
- Quân khu 2's command reviewing its own plan 15/KH-BTL: a review led by a command body, so
  its plan is a State-format document (Nghị định 30/2020/NĐ-CP), issued as 01/KH-QK2 on
  15/04/2022 and signed by the commander; its dossier drafted (see `demo_next`, with the
  review of directive 05-CT/TW).
"""

from __future__ import annotations

import datetime
from typing import Any

from tongket.core.scopes import SYSTEM
from tongket.documents.choices import CommentStatus
from tongket.meetings import services as meetings
from tongket.meetings.choices import MeetingFormat, MeetingKind, TaskStatus, TimeOfDay
from tongket.org.models import Person, Unit
from tongket.resolutions.models import Resolution
from tongket.reviews import demo_next, selectors, services
from tongket.reviews.choices import (
    Body,
    CampaignKind,
    DossierRole,
    MemberRole,
    MilestoneKind,
    UnitReportState,
)
from tongket.reviews.models import ReviewCampaign

D = datetime.date


def _people(code: str) -> list[Person]:
    return list(Person.objects.filter(positions__unit__code=code).distinct().order_by("pk"))


WRITTEN = {
    "tinh-hinh": "Đơn vị triển khai nhiệm vụ trong điều kiện địa bàn rộng, thời tiết khắc nghiệt, "
    "dịch bệnh ảnh hưởng; được cấp trên quan tâm chỉ đạo (nội dung minh họa).",
    "bai-hoc": "Phát huy vai trò lãnh đạo của cấp ủy, sự chủ động của cơ quan chức năng; thường "
    "xuyên kiểm tra, đôn đốc (nội dung minh họa).",
    "phuong-huong": "Tiếp tục quán triệt, thực hiện nghị quyết; nâng cao chất lượng các chỉ tiêu "
    "còn thấp (nội dung minh họa).",
    "mo-dau": "Thực hiện hướng dẫn của cấp trên, đơn vị báo cáo tổng kết như sau (minh họa).",
}


def _accept_all(campaign: ReviewCampaign) -> None:
    for report in campaign.unit_reports.all():
        if report.state == UnitReportState.DRAFT:
            empty = {k: v for k, v in WRITTEN.items() if not report.sections.get(k)}
            report = services.unit_report_save(by=SYSTEM, report=report, sections=empty)
            services.unit_report_submit(by=SYSTEM, report=report)
            services.unit_report_accept(by=SYSTEM, report=report)


def load() -> dict[str, ReviewCampaign]:
    u = {unit.code: unit for unit in Unit.objects.all()}
    r = {res.symbol: res for res in Resolution.objects.all()}
    made: dict[str, ReviewCampaign] = {}

    # --- 520: final review, steering committee's first session 21/10/2021 (afternoon).
    c520 = services.campaign_create(
        by=SYSTEM,
        kind=CampaignKind.FINAL,
        resolution=r["520-NQ/QUTW"],
        owner_unit=u["QUTW"],
        standing_agency=u["CKT"],
        appraisal_unit=u["TCCT"],
        span_from=2012,
        span_to=2021,
        next_from=2022,
        next_to=2030,
        style="party",
        is_illustrative=True,
    )
    made["520"] = c520
    head = _people("BQP")[0]
    deputy_chief = _people("BTTM")[1]
    services.member_add(
        by=SYSTEM,
        campaign=c520,
        person=head,
        body=Body.STEERING_COMMITTEE,
        role=MemberRole.HEAD,
        title="Thứ trưởng Bộ Quốc phòng, Trưởng Ban Chỉ đạo",
    )
    services.member_add(
        by=SYSTEM,
        campaign=c520,
        person=deputy_chief,
        body=Body.STEERING_COMMITTEE,
        role=MemberRole.STANDING_DEPUTY,
        title="Phó Tổng Tham mưu trưởng, Phó Trưởng Ban",
    )
    for person in _people("CKT"):
        role = (
            MemberRole.TEAM_LEADER
            if "Cục trưởng" in str(person.positions.first())
            else MemberRole.MEMBER
        )
        services.member_add(
            by=SYSTEM, campaign=c520, person=person, body=Body.DRAFTING_TEAM, role=role
        )
    for kind, title, day, done in [
        (MilestoneKind.SYNTHESIS, "Dự thảo hồ sơ tổng kết", D(2021, 10, 15), D(2021, 10, 15)),
        (
            MilestoneKind.COMMENTS,
            "Ban Chỉ đạo cho ý kiến (phiên thứ nhất)",
            D(2021, 10, 21),
            D(2021, 10, 21),
        ),
        (MilestoneKind.APPRAISAL, "Tổng cục Chính trị thẩm định", D(2021, 11, 30), None),
        (MilestoneKind.SUBMISSION, "Trình Thường vụ Quân ủy Trung ương", D(2021, 12, 10), None),
        (MilestoneKind.CONFERENCE, "Hội nghị Quân ủy Trung ương cuối năm", D(2021, 12, 20), None),
    ]:
        milestone = services.milestone_add(
            by=SYSTEM, campaign=c520, kind=kind, title=title, due_date=day
        )
        if done:
            services.milestone_done(by=SYSTEM, milestone=milestone, done_on=done)
    # The plan (kế hoạch tổng kết) is written first, from the outline and the timetable.
    services.campaign_plan_draft(by=SYSTEM, campaign=c520)
    dossier = services.campaign_synthesize(by=SYSTEM, campaign=c520)
    services.campaign_consult(by=SYSTEM, campaign=c520)
    session = meetings.meeting_create(
        by=SYSTEM,
        host_unit=u["BQP"],
        kind=MeetingKind.STEERING_SESSION,
        title="Phiên họp thứ nhất Ban Chỉ đạo tổng kết Nghị quyết 520-NQ/QUTW",
        session="lần thứ nhất",
        date=D(2021, 10, 21),
        time_of_day=TimeOfDay.AFTERNOON,
        format=MeetingFormat.IN_PERSON,
        place="Bộ Quốc phòng, Hà Nội",
        chair=head,
        secretary=_people("CKT")[-1],
        participants=[deputy_chief, *_people("CKT")],
        guests="Các thành viên Ban Chỉ đạo, Tổ Biên tập và đại biểu khách mời (minh họa)",
        agenda="Cho ý kiến vào hồ sơ dự thảo: Tờ trình Thường vụ Quân ủy Trung ương và Quân ủy "
        "Trung ương; Báo cáo tổng kết Nghị quyết 520; dự thảo Nghị quyết lãnh đạo giai đoạn mới.",
        minutes="Các thành viên Ban Chỉ đạo thảo luận, đóng góp ý kiến vào hồ sơ dự thảo "
        "(nội dung minh họa).",
        campaign=c520,
        is_illustrative=True,
    )
    for document in dossier.values():
        meetings.meeting_document_add(by=SYSTEM, meeting=session, document=document)
    report = dossier[DossierRole.REPORT]
    first = services.dossier_comment(
        by=SYSTEM,
        document=report,
        section_key="ket-qua-chi-tieu",
        text="Bổ sung số liệu so sánh với giai đoạn trước (ý kiến minh họa).",
    )
    services.dossier_comment_answer(
        by=SYSTEM,
        comment=first,
        status=CommentStatus.ACCEPTED,
        reply="Tổ Biên tập tiếp thu, bổ sung vào mục 3.",
    )
    services.dossier_comment(
        by=SYSTEM,
        document=dossier[DossierRole.DRAFT_RESOLUTION],
        section_key="chi-tieu",
        text="Cân nhắc chỉ tiêu giá trị lao động sản xuất đến năm 2030 (ý kiến minh họa).",
        required=True,
    )
    for text, unit, deadline, done in (
        (
            "Tổ Biên tập tiếp thu ý kiến, hoàn chỉnh hồ sơ dự thảo",
            "CKT",
            D(2021, 11, 5),
            D(2021, 11, 4),
        ),
        (
            "Gửi hồ sơ xin ý kiến thẩm định của Tổng cục Chính trị",
            "CKT",
            D(2021, 11, 15),
            D(2021, 11, 12),
        ),
        (
            "Trình Thường vụ Quân ủy Trung ương, trình Hội nghị Quân ủy Trung ương cuối năm",
            "CKT",
            D(2021, 12, 20),
            None,
        ),
    ):
        conclusion = meetings.conclusion_add(by=SYSTEM, meeting=session, text=text)
        task = meetings.task_add(
            by=SYSTEM, conclusion=conclusion, title=text, assignee=u[unit], deadline=deadline
        )
        if done:
            meetings.task_set_status(by=SYSTEM, task=task, status=TaskStatus.DONE, done_on=done)

    # --- 623 in Quân khu 2: ten-year review, conference 08/07/2022 (in person and online).
    c623 = services.campaign_create(
        by=SYSTEM,
        kind=CampaignKind.FINAL,
        resolution=r["623-NQ/QUTW"],
        owner_unit=u["DU-QK2"],
        standing_agency=u["CHC-QK2"],
        appraisal_unit=u["CCT-QK2"],
        span_from=2013,
        span_to=2022,
        next_from=2023,
        next_to=2030,
        title="Tổng kết 10 năm thực hiện Nghị quyết 623-NQ/QUTW trong Đảng bộ Quân khu 2",
        style="party",
        is_illustrative=True,
    )
    made["623"] = c623
    qk2 = _people("QK2")
    commander, commissar, deputy_commander = qk2[0], qk2[1], qk2[2]
    services.member_add(
        by=SYSTEM,
        campaign=c623,
        person=commissar,
        body=Body.STEERING_COMMITTEE,
        role=MemberRole.HEAD,
        title="Bí thư Đảng ủy, Chính ủy Quân khu, Trưởng Ban Chỉ đạo",
    )
    services.member_add(
        by=SYSTEM,
        campaign=c623,
        person=commander,
        body=Body.STEERING_COMMITTEE,
        role=MemberRole.STANDING_DEPUTY,
        title="Tư lệnh Quân khu, Phó Trưởng Ban thường trực",
    )
    services.member_add(
        by=SYSTEM,
        campaign=c623,
        person=deputy_commander,
        body=Body.STEERING_COMMITTEE,
        role=MemberRole.DEPUTY,
        title="Phó Tư lệnh Quân khu",
    )
    services.member_add(
        by=SYSTEM,
        campaign=c623,
        person=_people("CHC-QK2")[0],
        body=Body.DRAFTING_TEAM,
        role=MemberRole.TEAM_LEADER,
        title="Cục trưởng Cục Hậu cần, Tổ trưởng Tổ Biên tập",
    )
    services.member_add(
        by=SYSTEM, campaign=c623, person=qk2[3], body=Body.DRAFTING_TEAM, role=MemberRole.MEMBER
    )
    participants = [
        u[code]
        for code in ("CHC-QK2", "SD316", "SD355", "BCHQS-PT", "BCHQS-LC", "BCHQS-TQ", "BCHQS-SL")
    ]
    services.participant_add(by=SYSTEM, campaign=c623, units=participants, due_date=D(2022, 5, 31))
    _accept_all(c623)
    for kind, title, day in [
        (MilestoneKind.UNIT_REPORTS, "Các đơn vị gửi báo cáo tổng kết", D(2022, 5, 31)),
        (MilestoneKind.SYNTHESIS, "Cơ quan thường trực dự thảo báo cáo tổng hợp", D(2022, 6, 10)),
        (MilestoneKind.COMMENTS, "Ban Chỉ đạo, Tổ Biên tập cho ý kiến", D(2022, 6, 20)),
        (MilestoneKind.APPRAISAL, "Cục Chính trị Quân khu thẩm định", D(2022, 6, 28)),
        (MilestoneKind.CONFERENCE, "Hội nghị tổng kết", D(2022, 7, 8)),
    ]:
        milestone = services.milestone_add(
            by=SYSTEM, campaign=c623, kind=kind, title=title, due_date=day
        )
        if kind == MilestoneKind.UNIT_REPORTS:
            services.milestone_done(by=SYSTEM, milestone=milestone, done_on=D(2022, 5, 30))
    conference = meetings.meeting_create(
        by=SYSTEM,
        host_unit=u["DU-QK2"],
        kind=MeetingKind.REVIEW_CONFERENCE,
        title="Hội nghị tổng kết 10 năm thực hiện Nghị quyết 623-NQ/QUTW",
        date=D(2022, 7, 8),
        time_of_day=TimeOfDay.MORNING,
        format=MeetingFormat.HYBRID,
        place="Sở Chỉ huy Quân khu 2",
        chair=commissar,
        secretary=qk2[3],
        presenters=[deputy_commander],
        participants=[commander, deputy_commander, *_people("CHC-QK2")],
        guests="Đại biểu Cục Tổ chức/Tổng cục Chính trị; Bộ Tham mưu/Tổng cục Hậu cần (minh họa)",
        agenda="Báo cáo tổng kết 10 năm thực hiện Nghị quyết 623-NQ/QUTW; tham luận; khen thưởng.",
        campaign=c623,
        is_illustrative=True,
    )
    meetings.meeting_update(by=SYSTEM, meeting=conference, participant_units=participants)
    for code in ("BCHQS-PT", "BCHQS-LC", "BCHQS-TQ", "BCHQS-SL", "SD316"):
        meetings.remote_site_add(
            by=SYSTEM, meeting=conference, name=f"Điểm cầu {u[code].name}", unit=u[code]
        )

    # --- Tổng cục CNQP: 382 (15 years) and 765 (10 years), adopted 15/07/2022.
    cnqp_conference = meetings.meeting_create(
        by=SYSTEM,
        host_unit=u["DU-TCCNQP"],
        kind=MeetingKind.EXPANDED_PARTY_CONFERENCE,
        title="Hội nghị Đảng ủy Tổng cục Công nghiệp quốc phòng mở rộng",
        date=D(2022, 7, 15),
        time_of_day=TimeOfDay.ALL_DAY,
        format=MeetingFormat.IN_PERSON,
        place="Tổng cục Công nghiệp quốc phòng, Hà Nội",
        chair=_people("TCCNQP")[1],
        agenda="Ra nghị quyết lãnh đạo 6 tháng cuối năm 2022; tổng kết 15 năm thực hiện Nghị quyết "
        "382-NQ/ĐUQSTW và 10 năm thực hiện Nghị quyết 765-NQ/QUTW; khen thưởng.",
        is_illustrative=True,
    )
    factories = [u[code] for code in ("Z111", "Z113", "Z115", "Z121", "Z129")]
    for key, symbol, span_from, label in (
        ("382", "382-NQ/ĐUQSTW", 2008, "15 năm"),
        ("765", "765-NQ/QUTW", 2013, "10 năm"),
    ):
        campaign = services.campaign_create(
            by=SYSTEM,
            kind=CampaignKind.FINAL,
            resolution=r[symbol],
            owner_unit=u["DU-TCCNQP"],
            standing_agency=u["TCCNQP"],
            appraisal_unit=u["TCCNQP"],
            span_from=span_from,
            span_to=2022,
            span_label=label,
            next_from=2023,
            next_to=2030,
            title=f"Tổng kết {label} thực hiện Nghị quyết {symbol} trong Đảng bộ Tổng cục CNQP",
            style="party",
            is_illustrative=True,
        )
        made[key] = campaign
        services.member_add(
            by=SYSTEM,
            campaign=campaign,
            person=_people("TCCNQP")[1],
            body=Body.STEERING_COMMITTEE,
            role=MemberRole.HEAD,
        )
        services.member_add(
            by=SYSTEM,
            campaign=campaign,
            person=_people("TCCNQP")[2],
            body=Body.DRAFTING_TEAM,
            role=MemberRole.TEAM_LEADER,
        )
        services.participant_add(
            by=SYSTEM, campaign=campaign, units=factories, due_date=D(2022, 6, 15)
        )
        _accept_all(campaign)
        services.campaign_synthesize(by=SYSTEM, campaign=campaign)
        services.campaign_consult(by=SYSTEM, campaign=campaign)
        services.campaign_request_appraisal(by=SYSTEM, campaign=campaign)
        services.campaign_appraise(
            by=SYSTEM,
            campaign=campaign,
            opinion="Đồng ý với hồ sơ dự thảo (minh họa).",
            on=D(2022, 7, 5),
        )
        services.campaign_submit(by=SYSTEM, campaign=campaign, on=D(2022, 7, 8))
        if key == "382":
            # One conference adopted both reviews; it is filed under the first.
            meetings.meeting_update(by=SYSTEM, meeting=cnqp_conference, campaign=campaign)
        services.campaign_adopt(
            by=SYSTEM, campaign=campaign, meeting=cnqp_conference, on=D(2022, 7, 15)
        )
        for document in selectors.dossier(campaign=campaign).values():
            meetings.meeting_document_add(by=SYSTEM, meeting=cnqp_conference, document=document)
        # The timetable as it was run (the demo's steps above are dated after the fact).
        for kind, title, due, done in [
            (
                MilestoneKind.UNIT_REPORTS,
                "Các nhà máy gửi báo cáo tổng kết",
                D(2022, 6, 15),
                D(2022, 6, 14),
            ),
            (MilestoneKind.SYNTHESIS, "Dự thảo báo cáo tổng hợp", D(2022, 6, 25), D(2022, 6, 24)),
            (
                MilestoneKind.COMMENTS,
                "Lấy ý kiến Ban Chỉ đạo, Tổ Biên tập",
                D(2022, 7, 1),
                D(2022, 7, 1),
            ),
            (MilestoneKind.APPRAISAL, "Thẩm định hồ sơ", D(2022, 7, 5), D(2022, 7, 5)),
            (MilestoneKind.SUBMISSION, "Trình Đảng ủy Tổng cục", D(2022, 7, 8), D(2022, 7, 8)),
            (
                MilestoneKind.CONFERENCE,
                "Hội nghị Đảng ủy Tổng cục mở rộng",
                D(2022, 7, 15),
                D(2022, 7, 15),
            ),
        ]:
            milestone = services.milestone_add(
                by=SYSTEM, campaign=campaign, kind=kind, title=title, due_date=due
            )
            services.milestone_done(by=SYSTEM, milestone=milestone, done_on=done)

    # --- Đắk Lắk: mid-term review of the coordination programme, morning of 22/08/2023.
    cdl = services.campaign_create(
        by=SYSTEM,
        kind=CampaignKind.INTERIM,
        resolution=r["01-CTr/ĐUQS"],
        owner_unit=u["DUQS-DL"],
        standing_agency=u["BCHQS-DL"],
        appraisal_unit=u["BCHQS-DL"],
        span_from=2021,
        span_to=2023,
        span_label="giữa nhiệm kỳ",
        next_from=2023,
        next_to=2025,
        title="Sơ kết giữa nhiệm kỳ Chương trình phối hợp 2020-2025 (Đắk Lắk)",
        style="party",
        is_illustrative=True,
    )
    made["DL"] = cdl
    services.participant_add(
        by=SYSTEM,
        campaign=cdl,
        units=list(Unit.objects.filter(code__startswith="BCHQS-DL-").order_by("code")),
        due_date=D(2023, 8, 5),
    )
    _accept_all(cdl)
    services.campaign_synthesize(by=SYSTEM, campaign=cdl)
    meetings.meeting_create(
        by=SYSTEM,
        host_unit=u["DUQS-DL"],
        kind=MeetingKind.REVIEW_CONFERENCE,
        title="Hội nghị sơ kết giữa nhiệm kỳ thực hiện Chương trình phối hợp 2020-2025",
        date=D(2023, 8, 22),
        time_of_day=TimeOfDay.MORNING,
        format=MeetingFormat.IN_PERSON,
        place="Bộ Chỉ huy Quân sự tỉnh Đắk Lắk",
        chair=_people("BCHQS-DL")[1] if len(_people("BCHQS-DL")) > 1 else None,
        guests="Đồng chí Bí thư Tỉnh ủy dự, chỉ đạo hội nghị; Ban Thường vụ các huyện ủy, thị ủy, "
        "thành ủy (minh họa)",
        campaign=cdl,
        is_illustrative=True,
    )

    # --- Quân khu 2 (the command, not its Party committee): ten-year review of its plan
    # 15/KH-BTL implementing 623. A command writes in the State format: the plan carries the
    # national title and motto, "Số: 01/KH-QK2" and the commander's signature.
    ckh = services.campaign_create(
        by=SYSTEM,
        kind=CampaignKind.FINAL,
        resolution=r["15/KH-BTL"],
        owner_unit=u["QK2"],
        standing_agency=u["CHC-QK2"],
        span_from=2013,
        span_to=2022,
        span_label="10 năm",
        next_from=2023,
        next_to=2030,
        title="Tổng kết 10 năm thực hiện Kế hoạch 15/KH-BTL về công tác hậu cần Quân khu 2",
        with_appraisal=False,
        is_illustrative=True,
    )
    made["KH-QK2"] = ckh
    services.participant_add(
        by=SYSTEM,
        campaign=ckh,
        units=[u[code] for code in ("SD316", "SD355", "BCHQS-PT", "BCHQS-LC")],
        due_date=D(2022, 5, 20),
    )
    for kind, title, day in [
        (MilestoneKind.UNIT_REPORTS, "Các đơn vị gửi báo cáo tổng kết", D(2022, 5, 20)),
        (MilestoneKind.SYNTHESIS, "Cục Hậu cần dự thảo báo cáo tổng kết", D(2022, 6, 5)),
        (MilestoneKind.CONFERENCE, "Hội nghị tổng kết của Bộ Tư lệnh", D(2022, 6, 24)),
    ]:
        services.milestone_add(by=SYSTEM, campaign=ckh, kind=kind, title=title, due_date=day)
    services.campaign_plan_draft(by=SYSTEM, campaign=ckh)
    services.campaign_plan_issue(by=SYSTEM, campaign=ckh, issued_on=D(2022, 4, 15))
    # Its dossier drafted (the next plan), and the review of directive 05-CT/TW.
    demo_next.load(u, r, made)
    return made


def is_loaded() -> bool:
    return ReviewCampaign.objects.exists()


def summary() -> dict[str, Any]:
    return {c.title: c.state for c in ReviewCampaign.objects.all()}
