"""What a review's drafts quote from the periodic reports (the reporting record and the units'
narratives) is read as a reader of the draft: a unit review report or a dossier carrying the
campaign's mark quotes no report marked higher, which its readers need not be cleared for.

The case: the 623 review (unmarked) reports through a form that also carries an indicator of
382-NQ/ĐUQSTW, marked secret afterwards: every report of that form is secret, the review is
not."""

from __future__ import annotations

from typing import Any

import pytest

from tongket.core.classification import mark_of, reader_at
from tongket.core.scopes import SYSTEM
from tongket.documents.services import current_version
from tongket.org.services import user_update
from tongket.reporting.models import Report, ReportForm
from tongket.reporting.services import form_update
from tongket.resolutions.models import Indicator
from tongket.reviews import selectors, services
from tongket.reviews.choices import DossierRole, SectionSource
from tongket.reviews.models import ReviewCampaign, UnitReviewReport
from tongket.reviews.services.unit_reports import prefill
from tongket.testing import classification as marked

pytestmark = pytest.mark.django_db


def c623() -> ReviewCampaign:
    return ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW")


@pytest.fixture
def secret_form() -> ReportForm:
    campaign = c623()
    forms = list(campaign.resolution.report_forms.all())
    assert len(forms) == 1
    form = forms[0]
    indicator = Indicator.objects.filter(resolution=marked.resolution()).order_by("pk").first()
    current = [link.indicator for link in form.form_indicators.select_related("indicator")]
    form_update(by=SYSTEM, form=form, version=form.version, indicators=[*current, indicator])
    marked.mark_secret()
    assert mark_of(campaign) == "none"
    report = Report.objects.filter(form=form).order_by("pk").first()
    assert mark_of(report) == "secret"
    return form


def _in_span(form: ReportForm, campaign: ReviewCampaign, path: str) -> Any:
    return Report.objects.filter(
        form=form,
        period__year__gte=campaign.span_from,
        period__end_year__lte=campaign.span_to,
        unit__path__startswith=path,
    )


def test_the_reporting_record_counts_exactly_what_the_reader_is_cleared_for(
    admin_user: Any, secret_form: ReportForm
) -> None:
    """When the 623 reporting record over Quân khu 2 is read by the administrator without
    clearance, then none of the form's reports is counted nor quoted; once cleared for
    secret, every one of them is."""
    campaign = c623()
    unit = campaign.figures_unit
    reports = _in_span(secret_form, campaign, unit.path)
    expected = reports.count()
    received = reports.filter(first_submitted_at__isnull=False).count()
    assert expected > 0
    uncleared = selectors.reporting_summary(user=admin_user, campaign=campaign, unit=unit)
    assert (uncleared["expected"], uncleared["received"], uncleared["approved"]) == (0, 0, 0)
    assert selectors.narratives(user=admin_user, campaign=campaign, unit=unit) == {}

    user_update(by=SYSTEM, user=admin_user, clearance="secret")
    cleared = selectors.reporting_summary(user=admin_user, campaign=campaign, unit=unit)
    assert (cleared["expected"], cleared["received"]) == (expected, received)
    assert selectors.narratives(user=admin_user, campaign=campaign, unit=unit)


def test_a_unit_review_report_is_prefilled_with_nothing_marked_above_it(
    secret_form: ReportForm,
) -> None:
    """When a unit's 623 review report (unmarked) is prefilled, then its reporting section
    counts none of the secret reports and its narrative sections quote none of them,
    although a reader cleared for secret would find them."""
    campaign = c623()
    report = UnitReviewReport.objects.filter(campaign=campaign).order_by("pk").first()
    assert report is not None and mark_of(report) == "none"
    assert _in_span(secret_form, campaign, report.unit.path).exists()
    secret_narratives = selectors.narratives(
        user=reader_at("secret"), campaign=campaign, unit=report.unit
    )
    assert secret_narratives

    prefill(report)
    report.refresh_from_db()
    unmarked = selectors.reporting_summary(
        user=reader_at("none"), campaign=campaign, unit=report.unit
    )
    assert unmarked["expected"] == 0
    reporting = [s.key for s in campaign.outline.all() if s.source == SectionSource.REPORTING]
    assert reporting
    for key in reporting:
        assert report.sections[key] == unmarked["text"]
    quoted = "\n".join(report.sections.values())
    for text in secret_narratives.values():
        for line in text.split("\n"):
            assert line not in quoted


def test_the_dossier_counts_no_report_marked_above_it(secret_form: ReportForm) -> None:
    """When the 623 dossier (unmarked) is drafted, then its reporting section counts none of
    the secret reports."""
    campaign = c623()
    services.campaign_synthesize(by=SYSTEM, campaign=campaign)
    document = selectors.dossier(campaign=campaign)[DossierRole.REPORT]
    assert document.classification == "none"
    unit = campaign.figures_unit
    unmarked = selectors.reporting_summary(user=reader_at("none"), campaign=campaign, unit=unit)
    everything = selectors.reporting_summary(user=SYSTEM, campaign=campaign, unit=unit)
    assert unmarked["expected"] == 0 < everything["expected"]
    keys = {s.key for s in campaign.outline.all() if s.source == SectionSource.REPORTING}
    content = current_version(document).content
    texts = [b.get("text") or "" for b in content if b.get("key") in keys]
    assert texts
    assert all(unmarked["text"] in text for text in texts)
    assert not any(everything["text"] in text for text in texts)
