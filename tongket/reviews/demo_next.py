"""Demo reviews whose drafted dossier holds the document for what follows (loaded by
`reviews.demo`):

- Đảng ủy Quân khu 2's interim review of the Politburo's directive 05-CT/TW (in force since
  2016, no end): five years, 2016–2020, reviewed in 2021 in the Party format; its dossier is
  in consultation, so the draft is the conclusion "KẾT LUẬN … về tiếp tục thực hiện Chỉ thị
  số 05-CT/TW …";
- Quân khu 2's command's review of its plan 15/KH-BTL: its dossier drafted, so the draft is
  the next plan ("KẾ HOẠCH thực hiện Nghị quyết 623-NQ/QUTW … giai đoạn 2023-2030").
"""

from __future__ import annotations

import datetime

from tongket.core.scopes import SYSTEM
from tongket.org.models import Unit
from tongket.resolutions.models import Resolution
from tongket.reviews import services
from tongket.reviews.choices import CampaignKind, MilestoneKind
from tongket.reviews.models import ReviewCampaign

D = datetime.date


def load(u: dict[str, Unit], r: dict[str, Resolution], made: dict[str, ReviewCampaign]) -> None:
    # --- 05-CT/TW in Đảng ủy Quân khu 2: five years, 2016–2020, reviewed in 2021.
    ct05 = services.campaign_create(
        by=SYSTEM,
        kind=CampaignKind.INTERIM,
        resolution=r["05-CT/TW"],
        owner_unit=u["DU-QK2"],
        standing_agency=u["CCT-QK2"],
        span_from=2016,
        span_to=2020,
        next_from=2021,
        next_to=2025,
        title="Sơ kết 5 năm thực hiện Chỉ thị 05-CT/TW trong Đảng bộ Quân khu 2",
        style="party",
        with_appraisal=False,
        is_illustrative=True,
    )
    made["05-CT/TW"] = ct05
    for kind, title, day, done in [
        (MilestoneKind.SYNTHESIS, "Cục Chính trị dự thảo báo cáo sơ kết", D(2021, 3, 31), True),
        (MilestoneKind.COMMENTS, "Lấy ý kiến các cơ quan, đơn vị", D(2021, 4, 20), False),
        (MilestoneKind.SUBMISSION, "Trình Ban Thường vụ Đảng ủy Quân khu", D(2021, 5, 10), False),
    ]:
        milestone = services.milestone_add(
            by=SYSTEM, campaign=ct05, kind=kind, title=title, due_date=day
        )
        if done:
            services.milestone_done(by=SYSTEM, milestone=milestone, done_on=day)
    services.campaign_synthesize(by=SYSTEM, campaign=ct05)
    services.campaign_consult(by=SYSTEM, campaign=ct05)

    # --- 15/KH-BTL: the command's dossier drafted, the next plan among it (not issued).
    ckh = made["KH-QK2"]
    services.milestone_add(
        by=SYSTEM,
        campaign=ckh,
        kind=MilestoneKind.SUBMISSION,
        title="Trình Thủ trưởng Bộ Tư lệnh Quân khu",
        due_date=D(2022, 6, 15),
    )
    services.campaign_synthesize(by=SYSTEM, campaign=ckh)
