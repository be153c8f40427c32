"""Pages of review campaigns (URL names start with campaign_, milestone_, outline_, review_,
document_ or comment_)."""

from django.urls import path

from tongket.ui.views import reviews as views

urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/members/", views.campaign_member_add, name="campaign_member_add"),
    path("campaigns/<int:pk>/bodies/", views.campaign_body_set, name="campaign_body_set"),
    path(
        "campaigns/<int:pk>/members/remove/",
        views.campaign_member_remove,
        name="campaign_member_remove",
    ),
    path(
        "campaigns/<int:pk>/units/", views.campaign_participant_add, name="campaign_participant_add"
    ),
    path(
        "campaigns/<int:pk>/milestones/",
        views.campaign_milestone_add,
        name="campaign_milestone_add",
    ),
    path("campaigns/<int:pk>/outline/", views.campaign_outline_add, name="campaign_outline_add"),
    path("campaigns/<int:pk>/plan/", views.campaign_plan_draft, name="campaign_plan_draft"),
    path("campaigns/<int:pk>/plan/issue/", views.campaign_plan_issue, name="campaign_plan_issue"),
    path("campaigns/<int:pk>/synthesize/", views.campaign_synthesize, name="campaign_synthesize"),
    path("campaigns/<int:pk>/consult/", views.campaign_consult, name="campaign_consult"),
    path(
        "campaigns/<int:pk>/request-appraisal/",
        views.campaign_request_appraisal,
        name="campaign_request_appraisal",
    ),
    path("campaigns/<int:pk>/appraise/", views.campaign_appraise, name="campaign_appraise"),
    path("campaigns/<int:pk>/submit/", views.campaign_submit, name="campaign_submit"),
    path("campaigns/<int:pk>/adopt/", views.campaign_adopt, name="campaign_adopt"),
    path("campaigns/<int:pk>/issue/", views.campaign_issue, name="campaign_issue"),
    path("campaigns/<int:pk>/close/", views.campaign_close, name="campaign_close"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
    path("outline/<int:pk>/", views.outline_edit, name="outline_edit"),
    path("outline/<int:pk>/remove/", views.outline_remove, name="outline_remove"),
    path("review-reports/<int:pk>/", views.review_report_detail, name="review_report_detail"),
    path("review-reports/<int:pk>/save/", views.review_report_save, name="review_report_save"),
    path("review-reports/<int:pk>/docx/", views.unit_report_docx, name="unit_report_docx"),
    path(
        "review-reports/<int:pk>/refresh/",
        views.review_report_refresh,
        name="review_report_refresh",
    ),
    path(
        "review-reports/<int:pk>/return/", views.review_report_return, name="review_report_return"
    ),
    path(
        "review-reports/<int:pk>/accept/", views.review_report_accept, name="review_report_accept"
    ),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/changes/", views.document_diff, name="document_diff"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("documents/<int:pk>/frame/", views.document_frame, name="document_frame"),
    path("documents/<int:pk>/upload/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/issued/", views.document_record_issued, name="document_record_issued"),
    path("documents/<int:pk>/comments/", views.document_comment_add, name="document_comment_add"),
    path("documents/<int:pk>/docx/", views.document_docx, name="document_docx"),
    path("documents/<int:pk>/pdf/", views.document_pdf, name="document_pdf"),
    path("documents/<int:pk>/pdf/job/", views.document_pdf_job, name="document_pdf_job"),
    path("documents/pdf/<int:job>/", views.document_pdf_file, name="document_pdf_file"),
    path("documents/<int:pk>/figures/", views.document_figures, name="document_figures"),
    path("comments/<int:pk>/answer/", views.comment_answer, name="comment_answer"),
]
