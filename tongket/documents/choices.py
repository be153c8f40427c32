from django.db import models
from django.utils.translation import gettext_lazy as _


class Style(models.TextChoices):
    PARTY = "party", _("Party documents (Hướng dẫn 36-HD/VPTW)")
    STATE = "state", _("State documents (Nghị định 30/2020/NĐ-CP)")


class NumberingScheme(models.TextChoices):
    """State documents restart at 01 every 1 January; Party documents run per type within a
    committee's term."""

    PER_YEAR = "per_year", _("Restart every year")
    PER_TERM = "per_term", _("Run through the term")


class DocumentKind(models.TextChoices):
    REVIEW_REPORT = "review_report", _("Review report")
    SUBMISSION = "submission", _("Submission (tờ trình)")
    DRAFT_RESOLUTION = "draft_resolution", _("Draft resolution")
    DIRECTIVE = "directive", _("Directive (chỉ thị)")
    CONCLUSION = "conclusion", _("Conclusion (kết luận)")
    MINUTES = "minutes", _("Minutes")
    CONCLUSION_NOTICE = "conclusion_notice", _("Conclusion notice")
    AWARD_DECISION = "award_decision", _("Award decision")
    AWARD_PROPOSAL = "award_proposal", _("Award proposal (tờ trình đề nghị khen thưởng)")
    UNIT_REVIEW_REPORT = "unit_review_report", _("Unit review report")
    INVITATION = "invitation", _("Invitation (giấy mời)")
    PLAN = "plan", _("Plan (kế hoạch)")
    COORDINATION_PROGRAMME = "coordination_programme", _("Coordination programme")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other")


# The type code (loại văn bản) each kind carries in its number.
TYPE_CODES = {
    DocumentKind.REVIEW_REPORT: "BC",
    DocumentKind.SUBMISSION: "TTr",
    DocumentKind.DRAFT_RESOLUTION: "NQ",
    DocumentKind.DIRECTIVE: "CT",
    DocumentKind.CONCLUSION: "KL",
    DocumentKind.MINUTES: "BB",
    DocumentKind.CONCLUSION_NOTICE: "TB",
    DocumentKind.AWARD_DECISION: "QĐ",
    DocumentKind.AWARD_PROPOSAL: "TTr",
    DocumentKind.UNIT_REVIEW_REPORT: "BC",
    DocumentKind.INVITATION: "GM",
    DocumentKind.PLAN: "KH",
    DocumentKind.COORDINATION_PROGRAMME: "CTr",
    DocumentKind.REPORT: "BC",
    DocumentKind.OTHER: "CV",
}

TITLES = {
    DocumentKind.REVIEW_REPORT: "BÁO CÁO",
    DocumentKind.SUBMISSION: "TỜ TRÌNH",
    DocumentKind.DRAFT_RESOLUTION: "NGHỊ QUYẾT",
    DocumentKind.DIRECTIVE: "CHỈ THỊ",
    DocumentKind.CONCLUSION: "KẾT LUẬN",
    DocumentKind.MINUTES: "BIÊN BẢN",
    DocumentKind.CONCLUSION_NOTICE: "THÔNG BÁO",
    DocumentKind.AWARD_DECISION: "QUYẾT ĐỊNH",
    DocumentKind.AWARD_PROPOSAL: "TỜ TRÌNH",
    DocumentKind.UNIT_REVIEW_REPORT: "BÁO CÁO",
    DocumentKind.INVITATION: "GIẤY MỜI",
    DocumentKind.PLAN: "KẾ HOẠCH",
    DocumentKind.COORDINATION_PROGRAMME: "CHƯƠNG TRÌNH PHỐI HỢP",
    DocumentKind.REPORT: "BÁO CÁO",
    DocumentKind.OTHER: "",
}


class Authority(models.TextChoices):
    """Signature authority: the Party writes T/M, K/T, T/L, Q.; the State TM., KT., TL.,
    TUQ., Q."""

    NONE = "", _("Signs in own name")
    ON_BEHALF = "on_behalf", _("On behalf of (T/M, TM.)")
    AS_DEPUTY = "as_deputy", _("As deputy (K/T, KT.)")
    BY_ORDER = "by_order", _("By order (T/L, TL.)")
    BY_AUTHORIZATION = "by_authorization", _("By authorization (TUQ.)")
    ACTING = "acting", _("Acting (Q.)")


AUTHORITY_MARKS = {
    "party": {
        "on_behalf": "T/M",
        "as_deputy": "K/T",
        "by_order": "T/L",
        "by_authorization": "T/L",
        "acting": "Q.",
    },
    "state": {
        "on_behalf": "TM.",
        "as_deputy": "KT.",
        "by_order": "TL.",
        "by_authorization": "TUQ.",
        "acting": "Q.",
    },
}


# The kinds that are decisions: grounds, the enacting word, articles, an annex.
DECISION_KINDS = {DocumentKind.AWARD_DECISION}

# The kinds whose signature carries the chair and the secretary side by side.
MINUTES_KINDS = {DocumentKind.MINUTES}

CLASSIFICATION_MARKS = {"confidential": "MẬT", "secret": "TỐI MẬT", "top_secret": "TUYỆT MẬT"}


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class CommentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
