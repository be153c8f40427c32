from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from tongket.api.views.analysis import (
    UnitGroupSetViewSet,
    UnitGroupViewSet,
    ValidationRuleViewSet,
    VisualizationViewSet,
)
from tongket.api.views.analysis_dashboards import DashboardViewSet
from tongket.api.views.awards import (
    AwardAuthorityViewSet,
    AwardDecisionViewSet,
    AwardFormViewSet,
    NominationViewSet,
)
from tongket.api.views.documents import (
    CampaignDocumentViewSet,
    DocumentCommentViewSet,
    DocumentViewSet,
)
from tongket.api.views.exchange import DataValueSetView, ExchangeMappingViewSet
from tongket.api.views.figures import FiguresView
from tongket.api.views.groups import BodyGroupViewSet
from tongket.api.views.intake import IntakeView, ReportFiguresApplyView, ReportFiguresView
from tongket.api.views.intake_apply import IntakeApplyDecisionView, IntakeApplyView
from tongket.api.views.meetings import FollowUpTaskViewSet, MeetingViewSet, TaskBatchViewSet
from tongket.api.views.org import PersonViewSet, RankViewSet, UnitViewSet, UserViewSet
from tongket.api.views.reporting import (
    AnalyticsView,
    CompletenessView,
    DataValueViewSet,
    PeriodViewSet,
    ReportFormViewSet,
    ReportViewSet,
)
from tongket.api.views.resolutions import (
    AssignmentViewSet,
    IndicatorViewSet,
    ObjectiveViewSet,
    ResolutionViewSet,
    TargetViewSet,
)
from tongket.api.views.reviews import CampaignViewSet, UnitReviewReportViewSet
from tongket.api.views.search import SearchView


class Router(DefaultRouter):
    """No ".json" suffix routes: the API speaks JSON (and the views take no format argument)."""

    include_format_suffixes = False


router = Router()
router.register("units", UnitViewSet, basename="unit")
router.register("people", PersonViewSet, basename="person")
router.register("body-groups", BodyGroupViewSet, basename="body-group")
router.register("ranks", RankViewSet, basename="rank")
router.register("users", UserViewSet, basename="user")
router.register("resolutions", ResolutionViewSet, basename="resolution")
router.register("objectives", ObjectiveViewSet, basename="objective")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("targets", TargetViewSet, basename="target")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("periods", PeriodViewSet, basename="period")
router.register("report-forms", ReportFormViewSet, basename="report-form")
router.register("reports", ReportViewSet, basename="report")
router.register("data-values", DataValueViewSet, basename="data-value")
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("unit-review-reports", UnitReviewReportViewSet, basename="unit-review-report")
router.register("campaign-documents", CampaignDocumentViewSet, basename="campaign-document")
router.register("document-comments", DocumentCommentViewSet, basename="document-comment")
router.register("documents", DocumentViewSet, basename="document")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("follow-up-tasks", FollowUpTaskViewSet, basename="follow-up-task")
router.register("task-batches", TaskBatchViewSet, basename="task-batch")
router.register("award-forms", AwardFormViewSet, basename="award-form")
router.register("award-authorities", AwardAuthorityViewSet, basename="award-authority")
router.register("nominations", NominationViewSet, basename="nomination")
router.register("award-decisions", AwardDecisionViewSet, basename="award-decision")
router.register("visualizations", VisualizationViewSet, basename="visualization")
router.register("unit-groups", UnitGroupViewSet, basename="unit-group")
router.register("unit-group-sets", UnitGroupSetViewSet, basename="unit-group-set")
router.register("validation-rules", ValidationRuleViewSet, basename="validation-rule")
router.register("dashboards", DashboardViewSet, basename="dashboard")
router.register("exchange-mappings", ExchangeMappingViewSet, basename="exchange-mapping")

urlpatterns = [
    path("v1/analytics/", AnalyticsView.as_view(), name="analytics"),
    path("v1/analytics/figures/", FiguresView.as_view(), name="analytics-figures"),
    path("v1/completeness/", CompletenessView.as_view(), name="completeness"),
    path("v1/data-value-sets/", DataValueSetView.as_view(), name="data-value-sets"),
    path("v1/intake/", IntakeView.as_view(), name="intake"),
    path("v1/intake/apply/", IntakeApplyView.as_view(), name="intake-apply"),
    path(
        "v1/intake/apply-decision/",
        IntakeApplyDecisionView.as_view(),
        name="intake-apply-decision",
    ),
    path("v1/intake/report-figures/", ReportFiguresView.as_view(), name="intake-report-figures"),
    path(
        "v1/intake/report-figures/apply/",
        ReportFiguresApplyView.as_view(),
        name="intake-report-figures-apply",
    ),
    path("v1/search/", SearchView.as_view(), name="search"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]
