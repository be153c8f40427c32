"""Emulation and commendation over REST: the catalogues of award forms and of who may give
them (read by all, written by administrators), nominations with their checks, dossier files
and workflow, and the decisions that award them (with their DOCX).

Reads go through tongket.awards.selectors (a nomination outside the caller's reach: 404),
writes through tongket.awards.services: the proposing unit's commendation officers create,
edit, file and submit nominations and draft the proposal of a submitted batch; those of the
deciding authority record the council's vote, approve, reject, forward and issue decisions,
set their counts and import the named list of a decision recorded from paper."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from tongket.api.serializers.awards import (
    AuthoritySerializer,
    AuthorityWriteSerializer,
    AwardFormSerializer,
    AwardFormUpdateSerializer,
    AwardFormWriteSerializer,
    AwardingLevelSerializer,
    CouncilReviewSerializer,
    CountsWriteSerializer,
    DecisionDetailSerializer,
    DecisionListImportResultSerializer,
    DecisionListImportSerializer,
    DecisionListPreviewSerializer,
    DecisionQuerySerializer,
    DecisionRecordSerializer,
    DecisionSerializer,
    DecisionWriteSerializer,
    ForwardSerializer,
    NominationDetailSerializer,
    NominationFileSerializer,
    NominationFileWriteSerializer,
    NominationQuerySerializer,
    NominationSerializer,
    NominationUpdateSerializer,
    NominationWriteSerializer,
    ProposalBatchSerializer,
    ProposalRequestSerializer,
    ProposalSerializer,
    ReconciliationLineSerializer,
    RejectSerializer,
)
from tongket.api.serializers.org import ChangeLogSerializer
from tongket.api.views.documents import DOCX_RESPONSE, docx_download
from tongket.api.views.org import _valid
from tongket.api.views.resolutions import _fake, _query
from tongket.awards import counts, lists, proposals, selectors, services
from tongket.awards.models import AwardAuthority, AwardDecision, AwardForm, Nomination
from tongket.core.errors import NotFound
from tongket.core.selectors import changelog_for_object


@extend_schema(tags=["award-forms"])
class AwardFormViewSet(viewsets.GenericViewSet):
    """Forms of commendation and emulation titles, with who may give them: one catalogue
    for every body. Administrators add and change them (saving an existing code updates
    it)."""

    serializer_class = AwardFormSerializer
    queryset = AwardForm.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return AwardForm.objects.none()
        return selectors.form_list()

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(AwardFormSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(AwardFormSerializer(selectors.form_get(pk=pk)).data)

    @extend_schema(request=AwardFormWriteSerializer, responses={201: AwardFormSerializer})
    def create(self, request: Request) -> Response:
        form = services.award_form_save(
            by=request.user, **_valid(AwardFormWriteSerializer, request)
        )
        return Response(AwardFormSerializer(form).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AwardFormUpdateSerializer, responses=AwardFormSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        # Refused before the form is looked up: an id that names no form is refused alike.
        services.require_catalogue_admin(request.user)
        form = selectors.form_get(pk=pk)
        data = _valid(AwardFormUpdateSerializer, request)
        data.pop("code", None)  # the code names the form: it does not change
        data.setdefault("name", form.name)
        data.setdefault("category", form.category)
        form = services.award_form_save(by=request.user, code=form.code, **data)
        return Response(AwardFormSerializer(form).data)

    @extend_schema(request=AwardFormUpdateSerializer, responses=AwardFormSerializer)
    def update(self, request: Request, pk: str) -> Response:
        return self.partial_update(request, pk)


@extend_schema(tags=["award-authorities"])
class AwardAuthorityViewSet(viewsets.GenericViewSet):
    """Who may give a form: a named unit, or every unit of a level (and kind) of the tree."""

    serializer_class = AuthoritySerializer
    queryset = AwardAuthority.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return AwardAuthority.objects.none()
        return selectors.authority_list()

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(AuthoritySerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(AuthoritySerializer(selectors.authority_get(pk=pk)).data)

    @extend_schema(request=AuthorityWriteSerializer, responses={201: AuthoritySerializer})
    def create(self, request: Request) -> Response:
        authority = services.authority_add(
            by=request.user, **_valid(AuthorityWriteSerializer, request)
        )
        return Response(AuthoritySerializer(authority).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], request=None, responses=AwardingLevelSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=AwardingLevelSerializer, responses=AwardingLevelSerializer
    )
    # The whole list, not a page of it (pagination_class=None: nor does the schema say so).
    @action(detail=False, methods=["get", "post"], pagination_class=None)
    def levels(self, request: Request) -> Response:
        """The level at which each body gives commendations (authorities by level read it;
        it never follows the depth in the tree) and the standing agency of its emulation
        council, which issues its proposals for the awards it decides itself. POST sets both
        for one body (administrators); an agency not sent is none."""
        if request.method == "POST":
            data = _valid(AwardingLevelSerializer, request)
            services.awarding_level_set(by=request.user, **data)
            agency = data.get("standing_agency")
            return Response(
                {
                    "unit": data["unit"].code,
                    "level": data["level"],
                    "standing_agency": agency.code if agency else None,
                }
            )
        rows = [
            {
                "unit": body.unit.code,
                "level": body.level,
                "standing_agency": body.standing_agency.code if body.standing_agency else None,
            }
            for body in selectors.awarding_levels(user=request.user)
        ]
        return Response(rows)


@extend_schema(tags=["nominations"])
class NominationViewSet(viewsets.GenericViewSet):
    """Nominations proposed by, or to be decided by, a unit of your subtrees: draft →
    submitted → council reviewed → approved (or rejected, or forwarded to a higher
    authority). The detail shows the checks; an error among them blocks submission."""

    serializer_class = NominationSerializer
    queryset = Nomination.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        if _fake(self):
            return Nomination.objects.none()
        return selectors.nomination_list(
            user=self.request.user, **_query(NominationQuerySerializer, self.request)
        )

    def _object(self) -> Nomination:
        return selectors.nomination_get(user=self.request.user, pk=self.kwargs["pk"])

    def _detail(self, nomination: Nomination, code: int = status.HTTP_200_OK) -> Response:
        nomination = selectors.nomination_get(user=self.request.user, pk=nomination.pk)
        answer = NominationDetailSerializer(nomination, context={"request": self.request})
        return Response(answer.data, status=code)

    @extend_schema(parameters=[NominationQuerySerializer])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(NominationSerializer(page, many=True).data)

    @extend_schema(responses=NominationDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(self._object())

    @extend_schema(request=NominationWriteSerializer, responses={201: NominationDetailSerializer})
    def create(self, request: Request) -> Response:
        """Propose a collective of the proposing unit's subtree or a person holding a
        position there. The same nominee twice for a form in a year is refused."""
        data = _valid(NominationWriteSerializer, request)
        nomination = services.nomination_create(by=request.user, **data)
        return self._detail(nomination, status.HTTP_201_CREATED)

    @extend_schema(request=NominationUpdateSerializer, responses=NominationDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Change a draft's achievements, note or deciding authority."""
        nomination = self._object()
        data = _valid(NominationUpdateSerializer, request)
        return self._detail(
            services.nomination_update(by=request.user, nomination=nomination, **data)
        )

    @extend_schema(request=NominationUpdateSerializer, responses=NominationDetailSerializer)
    def update(self, request: Request, pk: str) -> Response:
        return self.partial_update(request, pk)

    @extend_schema(request=None, responses={204: None})
    def destroy(self, request: Request, pk: str) -> Response:
        """Withdraw a draft nomination."""
        services.nomination_delete(by=request.user, nomination=self._object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request={"multipart/form-data": NominationFileWriteSerializer},
        responses={201: NominationFileSerializer},
    )
    @action(detail=True, methods=["post"])
    def files(self, request: Request, pk: str) -> Response:
        """Add a file to the dossier: PDF, DOCX or an image, within the size limit."""
        nomination = self._object()
        data = _valid(NominationFileWriteSerializer, request)
        stored = services.nomination_file_add(by=request.user, nomination=nomination, **data)
        return Response(NominationFileSerializer(stored).data, status=status.HTTP_201_CREATED)

    def _act(self, service: Any, serializer_class: type | None = None) -> Response:
        nomination = self._object()
        data = _valid(serializer_class, self.request) if serializer_class else {}
        return self._detail(service(by=self.request.user, nomination=nomination, **data))

    @extend_schema(request=None, responses=NominationDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        """Submit after the checks: an error among them refuses (400 under `checks`)."""
        return self._act(services.nomination_submit)

    @extend_schema(
        request={
            "application/json": CouncilReviewSerializer,
            "multipart/form-data": CouncilReviewSerializer,
        },
        responses=NominationDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="council-review")
    def council_review(self, request: Request, pk: str) -> Response:
        """The awards council's vote, with its minutes (the deciding authority)."""
        return self._act(services.nomination_council_review, CouncilReviewSerializer)

    @extend_schema(request=None, responses=NominationDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        """Approve a reviewed nomination (the deciding authority): awarded by the next
        decision of the form."""
        return self._act(services.nomination_approve)

    @extend_schema(request=RejectSerializer, responses=NominationDetailSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        return self._act(services.nomination_reject, RejectSerializer)

    @extend_schema(request=ForwardSerializer, responses=NominationDetailSerializer)
    @action(detail=True, methods=["post"])
    def forward(self, request: Request, pk: str) -> Response:
        """Propose to a higher authority that may give the form."""
        return self._act(services.nomination_forward, ForwardSerializer)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: ProposalBatchSerializer(many=True)},
        description="The submitted batches awaiting their proposal that you may propose.",
    )
    @extend_schema(
        methods=["POST"], request=ProposalRequestSerializer, responses={201: ProposalSerializer}
    )
    @action(detail=False, methods=["get", "post"], pagination_class=None)
    def proposals(self, request: Request) -> Response:
        """The award proposal (tờ trình đề nghị khen thưởng) of a batch: the nominations of a
        proposing unit to a deciding authority for a form in a year, submitted and not yet
        in a proposal. POST drafts it as a document of the proposing unit, linked to each
        nomination (the proposing unit's commendation officers); a batch is proposed once."""
        if request.method == "GET":
            batches = proposals.proposal_batches(user=request.user)
            return Response(ProposalBatchSerializer(batches, many=True).data)
        document = proposals.proposal_create(
            by=request.user, **_valid(ProposalRequestSerializer, request)
        )
        document = (
            proposals.proposal_list(user=request.user)
            .prefetch_related("proposed_nominations")
            .get(pk=document.pk)
        )
        return Response(ProposalSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ChangeLogSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str) -> Response:
        page = self.paginate_queryset(changelog_for_object(obj=self._object()))
        return self.get_paginated_response(
            ChangeLogSerializer(page, many=True, context=self.get_serializer_context()).data
        )


@extend_schema(tags=["award-decisions"])
class AwardDecisionViewSet(viewsets.GenericViewSet):
    """Decisions issued by a unit of your subtrees, or awarding one it proposed."""

    serializer_class = DecisionSerializer
    queryset = AwardDecision.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return AwardDecision.objects.none()
        return selectors.decision_list(
            user=self.request.user, **_query(DecisionQuerySerializer, self.request)
        )

    def _object(self) -> AwardDecision:
        return selectors.decision_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(parameters=[DecisionQuerySerializer])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(DecisionSerializer(page, many=True).data)

    @extend_schema(responses=DecisionDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(
            DecisionDetailSerializer(self._object(), context={"user": request.user}).data
        )

    @extend_schema(request=DecisionWriteSerializer, responses={201: DecisionDetailSerializer})
    def create(self, request: Request) -> Response:
        """Issue a decision awarding the form to approved nominations the issuer decides:
        numbered from its registry, the awardees as an annex."""
        decision = services.decision_issue(
            by=request.user, **_valid(DecisionWriteSerializer, request)
        )
        decision = selectors.decision_get(user=request.user, pk=decision.pk)
        return Response(
            DecisionDetailSerializer(decision, context={"user": request.user}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=DecisionRecordSerializer, responses={201: DecisionDetailSerializer})
    @action(detail=False, methods=["post"])
    def record(self, request: Request) -> Response:
        """Record a decision already taken (on paper, possibly years ago) as it was written:
        its own number and date, no document generated; its awardees may be counted only."""
        decision = counts.decision_record(
            by=request.user, **_valid(DecisionRecordSerializer, request)
        )
        decision = selectors.decision_get(user=request.user, pk=decision.pk)
        return Response(
            DecisionDetailSerializer(decision, context={"user": request.user}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=CountsWriteSerializer, responses=DecisionDetailSerializer)
    @action(detail=True, methods=["post"], url_path="counts", url_name="counts")
    def set_counts(self, request: Request, pk: str) -> Response:
        """Replace the counts the decision carries (awarded, and proposed upward): a count
        includes the named awardees of the same form and kind."""
        decision = self._object()
        counts.decision_counts_set(
            by=request.user, decision=decision, **_valid(CountsWriteSerializer, request)
        )
        decision = selectors.decision_get(user=request.user, pk=decision.pk)
        return Response(DecisionDetailSerializer(decision, context={"user": request.user}).data)

    @extend_schema(responses=ReconciliationLineSerializer(many=True))
    @action(detail=True, methods=["get"])
    def reconciliation(self, request: Request, pk: str) -> Response:
        """Per form and collective/individual, the count the decision declares beside the
        awardees it names; `counted` is what the summaries take (the larger, never the
        sum)."""
        decision = self._object()
        lines = lists.decision_reconciliation(user=request.user, decision=decision)
        hidden = lists.reconciliation_not_shown(user=request.user, decision=decision)
        return Response(
            ReconciliationLineSerializer(lines, many=True, context={"some_not_shown": hidden}).data
        )

    @extend_schema(
        request={"multipart/form-data": DecisionListImportSerializer},
        responses={200: DecisionListImportResultSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="list",
        url_name="list-import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def list_import(self, request: Request, pk: str) -> Response:
        """Import the named list of a decision recorded from paper (.xlsx), all or nothing:
        a bad file answers 400 with every problem by sheet, row and column under
        `errors.rows`; a list naming more than the decision counts is refused. Rows beyond
        the body's quota or against the form's repeat rule are recorded (a paper decision is
        a fact) and listed under `warnings`; check a file first with `…/list/preview/`."""
        decision = self._object()
        data = _valid(DecisionListImportSerializer, request)
        result = lists.decision_list_import(
            by=request.user, decision=decision, upload=data["file"], version=data["version"]
        )
        return Response(DecisionListImportResultSerializer(result).data)

    @extend_schema(
        request={"multipart/form-data": DecisionListImportSerializer},
        responses={200: DecisionListPreviewSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="list/preview",
        url_name="list-preview",
        parser_classes=[MultiPartParser, FormParser],
    )
    def list_preview(self, request: Request, pk: str) -> Response:
        """Check the named list without writing anything: refused as the import refuses it
        (400, `errors.rows`), else the awardees it would name and the quota and repeat
        breaches as `warnings`, by row and name."""
        decision = self._object()
        data = _valid(DecisionListImportSerializer, request)
        preview = lists.decision_list_preview(
            by=request.user, decision=decision, upload=data["file"]
        )
        return Response(DecisionListPreviewSerializer(preview).data)

    @extend_schema(responses=DOCX_RESPONSE)
    @action(detail=True, methods=["get"])
    def docx(self, request: Request, pk: str) -> HttpResponse:
        """The decision with its annex as a Word file (none for a decision recorded from
        paper). Not found for a reader without the clearance its annex now carries."""
        decision = selectors.decision_files_get(user=request.user, pk=pk)
        if decision.document is None:
            raise NotFound(_("This decision was recorded from paper: it has no document."))
        return docx_download(decision.document)
