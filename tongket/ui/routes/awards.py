"""Pages of emulation and commendation (URL names start with award_, quota_, nomination_,
decision_, or are campaign_awards)."""

from django.urls import path

from tongket.ui.views import awards as views

urlpatterns = [
    path("awards/forms/", views.award_form_list, name="award_form_list"),
    path("awards/forms/edit/", views.award_form_edit, name="award_form_edit"),
    path("awards/authorities/", views.award_authority_list, name="award_authority_list"),
    path("awards/authorities/add/", views.award_authority_add, name="award_authority_add"),
    path("awards/authorities/levels/", views.awarding_level_set, name="awarding_level_set"),
    path("awards/quotas/", views.quota_list, name="quota_list"),
    path("awards/quotas/set/", views.quota_set, name="quota_set"),
    path("nominations/", views.nomination_list, name="nomination_list"),
    path("nominations/queue/", views.nomination_queue, name="nomination_queue"),
    path("nominations/new/", views.nomination_create, name="nomination_create"),
    path("nominations/new/prefill/", views.nomination_prefill, name="nomination_prefill"),
    path("nominations/people/", views.nomination_people, name="nomination_people"),
    path(
        "nominations/proposals/new/",
        views.nomination_proposal_create,
        name="nomination_proposal_create",
    ),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination_detail"),
    path("nominations/<int:pk>/edit/", views.nomination_edit, name="nomination_edit"),
    path("nominations/<int:pk>/submit/", views.nomination_submit, name="nomination_submit"),
    path("nominations/<int:pk>/withdraw/", views.nomination_withdraw, name="nomination_withdraw"),
    path("nominations/<int:pk>/council/", views.nomination_council, name="nomination_council"),
    path("nominations/<int:pk>/approve/", views.nomination_approve, name="nomination_approve"),
    path("nominations/<int:pk>/reject/", views.nomination_reject, name="nomination_reject"),
    path("nominations/<int:pk>/forward/", views.nomination_forward, name="nomination_forward"),
    path("nominations/<int:pk>/files/", views.nomination_file_add, name="nomination_file_add"),
    path(
        "nominations/<int:pk>/files/<int:dossier_pk>/",
        views.nomination_file_download,
        name="nomination_file_download",
    ),
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/new/", views.decision_create, name="decision_create"),
    path("decisions/record/", views.decision_record, name="decision_record"),
    path("decisions/<int:pk>/counts/", views.decision_counts, name="decision_counts"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path(
        "decisions/<int:pk>/reconciliation/",
        views.decision_reconciliation,
        name="decision_reconciliation",
    ),
    path("decisions/<int:pk>/list/", views.decision_list_import, name="decision_list_import"),
    path("decisions/<int:pk>/docx/", views.decision_docx, name="decision_docx"),
    path("decisions/<int:pk>/pdf/", views.decision_pdf, name="decision_pdf"),
    path("decisions/<int:pk>/xlsx/", views.decision_xlsx, name="decision_xlsx"),
    path("campaigns/<int:pk>/awards/", views.campaign_awards, name="campaign_awards"),
]
