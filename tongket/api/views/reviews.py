"""Review campaigns (sơ kết, tổng kết) over REST: the campaign, its committee, participants
and timetable, the draft dossier, the workflow to an issued resolution, the units' review
reports and the campaign's awards.

Reads go through tongket.reviews.selectors (outside the caller's reach: 404), writes through
tongket.reviews.services, each step by the role that owns it (403 for another role):
- the standing agency's tracking officers set the campaign up, draft the review plan
  (`plan`) and issue it on its own (`plan/issue`), draft the dossier (`synthesize`), open the consultation (`consult`), ask for
  appraisal and `submit`;
- the appraisal unit `appraise`s with its opinion;
- the head of the steering committee (or an approver of the reviewing body) `adopt`s;
- the reviewing body's tracking officer `issue`s the new resolution.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tongket.api.serializers.documents import CampaignDocumentSerializer
from tongket.api.serializers.org import ChangeLogSerializer
from tongket.api.serializers.reviews import (
    AdoptSerializer,
    AppraiseSerializer,
    AwardsSummarySerializer,
    CampaignBodySerializer,
    CampaignDetailSerializer,
    CampaignQuerySerializer,
    CampaignSerializer,
    CampaignUpdateSerializer,
    CampaignWriteSerializer,
    IssueSerializer,
    MemberRemoveSerializer,
    MemberSerializer,
    MemberWriteSerializer,
    MilestoneSerializer,
    MilestoneWriteSerializer,
    OnSerializer,
    ParticipantWriteSerializer,
    ReturnReasonSerializer,
    UnitReviewReportDetailSerializer,
    UnitReviewReportQuerySerializer,
    UnitReviewReportSaveSerializer,
    UnitReviewReportSerializer,
)
from tongket.api.views.org import _valid
from tongket.api.views.resolutions import _fake, _query
from tongket.awards import selectors as award_selectors
from tongket.core.selectors import changelog_for_object
from tongket.reviews import selectors, services
from tongket.reviews.models import ReviewCampaign, UnitReviewReport


@extend_schema(tags=["campaigns"])
class CampaignViewSet(viewsets.GenericViewSet):
    """Review campaigns reaching you: run by, served by, appraised by or reported to by a
    unit of your subtrees, or with you on the committee or the team."""

    serializer_class = CampaignSerializer
    queryset = ReviewCampaign.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return ReviewCampaign.objects.none()
        return selectors.campaign_list(
            user=self.request.user, **_query(CampaignQuerySerializer, self.request)
        )

    def _object(self) -> ReviewCampaign:
        return selectors.campaign_get(user=self.request.user, pk=self.kwargs["pk"])

    def _detail(self, campaign: ReviewCampaign, code: int = status.HTTP_200_OK) -> Response:
        campaign = selectors.campaign_get(user=self.request.user, pk=campaign.pk)
        data = CampaignDetailSerializer(campaign, context={"request": self.request}).data
        return Response(data, status=code)

    @extend_schema(parameters=[CampaignQuerySerializer])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CampaignSerializer(page, many=True).data)

    @extend_schema(responses=CampaignDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(self._object())

    @extend_schema(request=CampaignWriteSerializer, responses={201: CampaignDetailSerializer})
    def create(self, request: Request) -> Response:
        """Open a review of a resolution by the reviewing body, with the default outline
        (the body's tracking officers). The span must lie within the resolution's horizon."""
        data = _valid(CampaignWriteSerializer, request)
        campaign = services.campaign_create(by=request.user, **data)
        return self._detail(campaign, status.HTTP_201_CREATED)

    @extend_schema(request=CampaignUpdateSerializer, responses=CampaignDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Change the campaign's frame while drafting or in consultation; `version` as read
        refuses a stale change (code conflict)."""
        campaign = self._object()
        data = _valid(CampaignUpdateSerializer, request)
        return self._detail(services.campaign_update(by=request.user, campaign=campaign, **data))

    @extend_schema(request=CampaignUpdateSerializer, responses=CampaignDetailSerializer)
    def update(self, request: Request, pk: str) -> Response:
        return self.partial_update(request, pk)

    # --- Setting up -----------------------------------------------------------------------

    @extend_schema(request=MemberWriteSerializer, responses={201: MemberSerializer})
    @action(detail=True, methods=["post"])
    def members(self, request: Request, pk: str) -> Response:
        """Put a person on the steering committee or the drafting team."""
        campaign = self._object()
        member = services.member_add(
            by=request.user, campaign=campaign, **_valid(MemberWriteSerializer, request)
        )
        return Response(MemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CampaignBodySerializer, responses=CampaignDetailSerializer)
    @action(detail=True, methods=["post"])
    def bodies(self, request: Request, pk: str) -> Response:
        """Name the body on record (`/body-groups/`) that is the steering committee or the
        drafting team; a body with no named member will do. `version` as read."""
        campaign = self._object()
        services.campaign_body_set(
            by=request.user, campaign=campaign, **_valid(CampaignBodySerializer, request)
        )
        return self._detail(campaign)

    @extend_schema(request=MemberRemoveSerializer, responses=CampaignDetailSerializer)
    @action(detail=True, methods=["post"], url_path="remove-member")
    def remove_member(self, request: Request, pk: str) -> Response:
        """Take a person off the steering committee or the drafting team."""
        campaign = self._object()
        member_pk = _valid(MemberRemoveSerializer, request)["member"]
        member = selectors.member_get(campaign=campaign, pk=member_pk)
        services.member_remove(by=request.user, member=member)
        return self._detail(campaign)

    @extend_schema(request=ParticipantWriteSerializer, responses=CampaignDetailSerializer)
    @action(detail=True, methods=["post"])
    def participants(self, request: Request, pk: str) -> Response:
        """Send the outline down to units: each gets a review report, pre-filled."""
        campaign = self._object()
        services.participant_add(
            by=request.user, campaign=campaign, **_valid(ParticipantWriteSerializer, request)
        )
        return self._detail(campaign)

    @extend_schema(request=MilestoneWriteSerializer, responses={201: MilestoneSerializer})
    @action(detail=True, methods=["post"])
    def milestones(self, request: Request, pk: str) -> Response:
        """Add a step to the timetable."""
        campaign = self._object()
        milestone = services.milestone_add(
            by=request.user, campaign=campaign, **_valid(MilestoneWriteSerializer, request)
        )
        return Response(MilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)

    # --- The dossier and the workflow -----------------------------------------------------

    @extend_schema(request=None, responses=CampaignDocumentSerializer)
    @action(detail=True, methods=["post"])
    def plan(self, request: Request, pk: str) -> Response:
        """Draft the review plan (kế hoạch, role `plan`) from the outline, the timetable and
        the units, or draft it again: a new draft, edited text kept (the campaign's
        tracking officers, while drafting or in consultation). Read, correct, comment on and
        download it under `/campaign-documents/` and `/documents/` like the dossier."""
        campaign = self._object()
        document = services.campaign_plan_draft(by=request.user, campaign=campaign)
        link = selectors.campaign_document_get(user=request.user, pk=document.pk)
        return Response(CampaignDocumentSerializer(link).data)

    @extend_schema(request=IssueSerializer, responses=CampaignDocumentSerializer)
    @action(detail=True, methods=["post"], url_path="plan/issue")
    def plan_issue(self, request: Request, pk: str) -> Response:
        """Issue the review plan on its own (the campaign's tracking officers): the next KH
        number of the reviewing body's registry and `issued_on` (empty: today; a past day
        for a plan entered afterwards; never in the future nor before the reviewed
        resolution). The plan is then frozen; issuing it again is refused (400, code
        `issued`). A plan signed on paper: `POST /documents/{id}/issued/` with its number."""
        campaign = self._object()
        document = services.campaign_plan_issue(
            by=request.user, campaign=campaign, **_valid(IssueSerializer, request)
        )
        link = selectors.campaign_document_get(user=request.user, pk=document.pk)
        return Response(CampaignDocumentSerializer(link).data)

    @extend_schema(request=None, responses=CampaignDocumentSerializer(many=True))
    @action(detail=True, methods=["post"])
    def synthesize(self, request: Request, pk: str) -> Response:
        """Create the draft dossier (review report, submission, draft resolution) from the
        data, or refresh it: a new draft of each with fresh figures, edited text kept."""
        campaign = self._object()
        services.campaign_synthesize(by=request.user, campaign=campaign)
        links = selectors.campaign_document_list(user=request.user, campaign=campaign)
        return Response(CampaignDocumentSerializer(links, many=True).data)

    def _step(self, service: Any, serializer_class: type | None = None) -> Response:
        campaign = self._object()
        data = _valid(serializer_class, self.request) if serializer_class else {}
        service(by=self.request.user, campaign=campaign, **data)
        return self._detail(campaign)

    @extend_schema(request=None, responses=CampaignDetailSerializer)
    @action(detail=True, methods=["post"])
    def consult(self, request: Request, pk: str) -> Response:
        """Send the drafts out for comments (standing agency)."""
        return self._step(services.campaign_consult)

    @extend_schema(request=None, responses=CampaignDetailSerializer)
    @action(detail=True, methods=["post"], url_path="request-appraisal")
    def request_appraisal(self, request: Request, pk: str) -> Response:
        """Send the dossier to the appraisal unit (standing agency)."""
        return self._step(services.campaign_request_appraisal)

    @extend_schema(request=AppraiseSerializer, responses=CampaignDetailSerializer)
    @action(detail=True, methods=["post"])
    def appraise(self, request: Request, pk: str) -> Response:
        """Record the appraisal opinion (the appraisal unit)."""
        return self._step(services.campaign_appraise, AppraiseSerializer)

    @extend_schema(request=OnSerializer, responses=CampaignDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        """Submit the appraised dossier (standing agency)."""
        return self._step(services.campaign_submit, OnSerializer)

    @extend_schema(request=AdoptSerializer, responses=CampaignDetailSerializer)
    @action(detail=True, methods=["post"])
    def adopt(self, request: Request, pk: str) -> Response:
        """Adopt at a conference (the head of the steering committee or an approver of the
        reviewing body). Refused without appraisal or while required comments are open."""
        return self._step(services.campaign_adopt, AdoptSerializer)

    @extend_schema(request=IssueSerializer, responses=CampaignDetailSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: str) -> Response:
        """Issue the adopted resolution (the reviewing body's tracking officer): numbered,
        registered with its structure and targets, superseding the old one."""
        return self._step(services.campaign_issue, IssueSerializer)

    @extend_schema(request=OnSerializer, responses=CampaignDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        """End without a new resolution: a mid-term review once adopted, or a review
        reported upward once submitted (the reviewing body's tracking officer)."""
        return self._step(services.campaign_close, OnSerializer)

    # --- Reading around the campaign ------------------------------------------------------

    @extend_schema(responses=UnitReviewReportSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="unit-reports")
    def unit_reports(self, request: Request, pk: str) -> Response:
        """The units' review reports you may read (all of them when you run or sit on it)."""
        campaign = self._object()
        page = self.paginate_queryset(
            selectors.unit_report_list(user=request.user, campaign=campaign)
        )
        return self.get_paginated_response(UnitReviewReportSerializer(page, many=True).data)

    @extend_schema(responses=AwardsSummarySerializer)
    @action(detail=True, methods=["get"], url_path="awards-summary")
    def awards_summary(self, request: Request, pk: str) -> Response:
        """Collectives and individuals awarded by the reviewing body (or the command it
        leads), and proposed to a higher authority."""
        campaign = self._object()
        summary = award_selectors.campaign_awards_summary(user=request.user, campaign=campaign)
        return Response(AwardsSummarySerializer(summary).data)

    @extend_schema(responses=ChangeLogSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str) -> Response:
        page = self.paginate_queryset(changelog_for_object(obj=self._object()))
        return self.get_paginated_response(
            ChangeLogSerializer(page, many=True, context=self.get_serializer_context()).data
        )


@extend_schema(tags=["unit-review-reports"])
class UnitReviewReportViewSet(viewsets.GenericViewSet):
    """The participating units' review reports: draft → submitted → returned → submitted →
    accepted. The unit's people write and submit; the standing agency returns or accepts."""

    serializer_class = UnitReviewReportSerializer
    queryset = UnitReviewReport.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return UnitReviewReport.objects.none()
        return selectors.unit_report_list_all(
            user=self.request.user, **_query(UnitReviewReportQuerySerializer, self.request)
        )

    def _object(self) -> UnitReviewReport:
        return selectors.unit_report_get(user=self.request.user, pk=self.kwargs["pk"])

    def _detail(self, report: UnitReviewReport) -> Response:
        report = selectors.unit_report_get(user=self.request.user, pk=report.pk)
        return Response(UnitReviewReportDetailSerializer(report).data)

    @extend_schema(parameters=[UnitReviewReportQuerySerializer])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(UnitReviewReportSerializer(page, many=True).data)

    @extend_schema(responses=UnitReviewReportDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(self._object())

    @extend_schema(
        request=UnitReviewReportSaveSerializer, responses=UnitReviewReportDetailSerializer
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        """Save sections of a draft or returned report (the unit's people)."""
        report = self._object()
        data = _valid(UnitReviewReportSaveSerializer, request)
        return self._detail(services.unit_report_save(by=request.user, report=report, **data))

    @extend_schema(
        request=UnitReviewReportSaveSerializer, responses=UnitReviewReportDetailSerializer
    )
    def update(self, request: Request, pk: str) -> Response:
        return self.partial_update(request, pk)

    @extend_schema(request=None, responses=UnitReviewReportDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._detail(services.unit_report_submit(by=request.user, report=self._object()))

    @extend_schema(request=ReturnReasonSerializer, responses=UnitReviewReportDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_report(self, request: Request, pk: str) -> Response:
        report = self._object()
        reason = _valid(ReturnReasonSerializer, request)["reason"]
        return self._detail(
            services.unit_report_return(by=request.user, report=report, reason=reason)
        )

    @extend_schema(request=None, responses=UnitReviewReportDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        return self._detail(services.unit_report_accept(by=request.user, report=self._object()))

    @extend_schema(request=None, responses=UnitReviewReportDetailSerializer)
    @action(detail=True, methods=["post"])
    def refresh(self, request: Request, pk: str) -> Response:
        """Fill the figures and narratives again from the data (text written is kept)."""
        return self._detail(services.unit_report_refresh(by=request.user, report=self._object()))
