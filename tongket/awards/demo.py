"""Demo commendations from the scenario (counts as reported; awardees are demo units and
placeholder people):

- after Quân khu 2's ten-year review of 623 (08/07/2022): Bằng khen of the Military Region
  Command to 26 collectives and 28 individuals, and a proposal that BQP award 3 collectives
  and 3 individuals — the decision carries these counts as the news gave them, beside the
  (placeholder) list, and the summary shows them once;
- after Tổng cục CNQP's reviews of 382 and 765 (15/07/2022): Bằng khen to 14 collectives and
  12 individuals.
"""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from tongket.awards import counts, services
from tongket.awards.choices import NominationState, QuotaBasis
from tongket.awards.models import AwardForm, Nomination
from tongket.core.scopes import SYSTEM
from tongket.org import demo as org_demo
from tongket.org import services as org_services
from tongket.org.models import Person, Rank, Unit
from tongket.reviews.models import ReviewCampaign

D = datetime.date
NOTE = "Dữ liệu minh họa."


def _new_people(units: list[Unit], count: int, title: str) -> list[Person]:
    """Placeholder people (Nguyễn Văn A…), each with a post in one of `units`."""
    taken = set(Person.objects.values_list("full_name", flat=True))
    names = (item for item in org_demo._names() if item[0] not in taken)
    people = []
    for unit in itertools.islice(itertools.cycle(units), count):
        full_name, gender = next(names)
        person = org_services.person_create(
            by=SYSTEM, full_name=full_name, unit=unit, gender=gender, note=NOTE
        )
        org_services.position_add(
            by=SYSTEM, person=person, unit=unit, title=title, valid_from=D(2018, 1, 1)
        )
        people.append(person)
    return people


def _award(
    *,
    proposer: Unit,
    decider: Unit,
    form: AwardForm,
    collectives: list[Unit],
    individuals: list[Person],
    campaign: ReviewCampaign,
    day: D,
    signer: str,
    forward_to: Unit | None = None,
) -> Any:
    nominations = []
    for unit in collectives:
        nominations.append(
            services.nomination_create(
                by=SYSTEM,
                proposing_unit=proposer,
                form=form,
                year=day.year,
                nominee_unit=unit,
                decider=decider,
                campaign=campaign,
                is_illustrative=True,
            )
        )
    for person in individuals:
        nominations.append(
            services.nomination_create(
                by=SYSTEM,
                proposing_unit=proposer,
                form=form,
                year=day.year,
                nominee_person=person,
                decider=decider,
                campaign=campaign,
                is_illustrative=True,
            )
        )
    for nomination in nominations:
        services.nomination_submit(by=SYSTEM, nomination=nomination)
        services.nomination_council_review(
            by=SYSTEM,
            nomination=nomination,
            votes_for=9,
            votes_total=11,
            on=day - datetime.timedelta(days=3),
        )
        if forward_to is not None:
            services.nomination_forward(by=SYSTEM, nomination=nomination, to=forward_to)
        else:
            services.nomination_approve(by=SYSTEM, nomination=nomination)
    if forward_to is not None:
        return None
    return services.decision_issue(
        by=SYSTEM,
        issuer=decider,
        form=form,
        nominations=list(Nomination.objects.filter(pk__in=[n.pk for n in nominations])),
        issued_on=day,
        campaign=campaign,
        signer_title="Tư lệnh" if decider.code == "QK2" else "Chủ nhiệm",
        signer_name=signer,
    )


# The level at which each demo body gives commendations (Thông tư 118/2023/TT-BQP): a
# property of the body, not of its depth in the tree.
LEVELS = {
    "ministry": ["BQP"],
    "region": ["QK2", "QK5", "TCCNQP", "TCCT", "TCHC", "BTTM"],
    "division": ["SD316", "SD355", "BCHQS-DL", "BCHQS-PY"],
}


def _levels(u: dict[str, Unit]) -> None:
    for level, codes in LEVELS.items():
        for code in codes:
            if code in u:
                services.awarding_level_set(by=SYSTEM, unit=u[code], level=level)
    for unit in Unit.objects.filter(code__regex=r"^BCHQS-[A-Z]+$"):
        services.awarding_level_set(by=SYSTEM, unit=unit, level="division")
    for unit in Unit.objects.filter(code__regex=r"^SD[0-9]+-E[0-9]+$"):
        services.awarding_level_set(by=SYSTEM, unit=unit, level="regiment")


def load() -> dict[str, Any]:
    u = {unit.code: unit for unit in Unit.objects.all()}
    _levels(u)
    forms = {form.code: form for form in AwardForm.objects.all()}
    c623 = ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW")
    c382 = ReviewCampaign.objects.get(resolution__symbol="382-NQ/ĐUQSTW")
    made: dict[str, Any] = {}

    qk2 = u["QK2"]
    services.quota_set(
        by=SYSTEM, unit=qk2, year=2022, basis=QuotaBasis.COUNT, value=56, form=forms["BK-DV"]
    )
    provinces = [u[f"BCHQS-{k}"] for k in ("PT", "VP", "HG", "TQ", "LC", "YB", "LCH", "DB", "SL")]
    regiments = list(Unit.objects.filter(code__regex=r"^SD[0-9]+-E[0-9]+$").order_by("code"))
    districts = list(Unit.objects.filter(code__regex=r"^BCHQS-[A-Z]+-H[0-9]$").order_by("code"))[:8]
    collectives = [*provinces, *regiments, u["SD316"], u["SD355"], u["CHC-QK2"], *districts]
    assert len(collectives) == 26
    people = _new_people([*provinces, *regiments], 28, "Trợ lý (minh họa)")
    commander = Person.objects.filter(
        positions__unit=qk2, positions__title="Tư lệnh Quân khu"
    ).first()
    made["qk2"] = _award(
        proposer=qk2,
        decider=qk2,
        form=forms["BK-DV"],
        collectives=collectives,
        individuals=people,
        campaign=c623,
        day=D(2022, 7, 8),
        signer=commander.full_name if commander else "",
    )
    # Proposed to the Ministry: 3 collectives and 3 individuals (Bằng khen of the Minister).
    _award(
        proposer=qk2,
        decider=qk2,
        form=forms["BK-BQP"],
        collectives=[u["SD316"], u["BCHQS-LC"], u["CHC-QK2"]],
        individuals=people[:3],
        campaign=c623,
        day=D(2022, 7, 8),
        signer="",
        forward_to=u["BQP"],
    )
    # The counts of the decision as reported: 26 + 28 awarded, 3 + 3 proposed to BQP.
    counts.decision_counts_set(
        by=SYSTEM,
        decision=made["qk2"],
        counts=[
            {"outcome": "awarded", "nominee_kind": "collective", "count": 26},
            {"outcome": "awarded", "nominee_kind": "individual", "count": 28},
            *(
                {
                    "outcome": "proposed",
                    "form": forms["BK-BQP"],
                    "nominee_kind": kind,
                    "count": 3,
                    "proposed_to": u["BQP"],
                }
                for kind in ("collective", "individual")
            ),
        ],
    )

    cnqp = u["TCCNQP"]
    workshops = []
    for factory in ("Z111", "Z113", "Z115", "Z121", "Z129"):
        for number in (1, 2):
            if len(workshops) == 9:
                break
            workshops.append(
                org_services.unit_create(
                    by=SYSTEM,
                    code=f"{factory}-PX{number}",
                    name=f"Phân xưởng {number} – Nhà máy {factory}",
                    abbreviation=f"PX{number}/{factory}",
                    kind="other",
                    parent=u[factory],
                    description=NOTE,
                )
            )
    factories = [u[code] for code in ("Z111", "Z113", "Z115", "Z121", "Z129")]
    engineers = _new_people(factories, 12, "Kỹ sư (minh họa)")
    chief = Person.objects.filter(
        positions__unit=cnqp, positions__title__startswith="Chủ nhiệm"
    ).first()
    made["cnqp"] = _award(
        proposer=cnqp,
        decider=cnqp,
        form=forms["BK-DV"],
        collectives=[*factories, *workshops],
        individuals=engineers,
        campaign=c382,
        day=D(2022, 7, 15),
        signer=chief.full_name if chief else "",
    )
    _standing_agency(u)
    return made


def _standing_agency(u: dict[str, Unit]) -> None:
    """Quân khu 2's political agency is the standing agency of its emulation council: it
    issues the proposals for the awards the military region decides itself, under "Cục Chính
    trị" in its header, signed by its head (Chủ nhiệm)."""
    agency = u["CCT-QK2"]
    if not agency.header_name:
        agency = org_services.unit_update(by=SYSTEM, unit=agency, header_name="Cục Chính trị")
    if not agency.positions.exists():  # type: ignore[attr-defined]
        taken = set(Person.objects.values_list("full_name", flat=True))
        full_name, gender = next(item for item in org_demo._names() if item[0] not in taken)
        head = org_services.person_create(
            by=SYSTEM, full_name=full_name, unit=agency, gender=gender, birth_year=1972, note=NOTE
        )
        ranks = {rank.code: rank for rank in Rank.objects.filter(code__in=["thuong_ta", "dai_ta"])}
        for year, code in ((2014, "thuong_ta"), (2018, "dai_ta")):
            org_services.rank_add(
                by=SYSTEM, person=head, rank=ranks[code], valid_from=D(year, 9, 1)
            )
        org_services.position_add(
            by=SYSTEM,
            person=head,
            unit=agency,
            title="Chủ nhiệm Cục Chính trị",
            valid_from=D(2019, 1, 1),
            order=1,
        )
    services.awarding_level_set(by=SYSTEM, unit=u["QK2"], level="region", standing_agency=agency)


def is_loaded() -> bool:
    return Nomination.objects.exists()


def summary() -> dict[str, int]:
    return {
        "approved": Nomination.objects.filter(state=NominationState.APPROVED).count(),
        "forwarded": Nomination.objects.filter(state=NominationState.FORWARDED).count(),
    }
