"""Pages of periodic reporting (URL names start with report_, form_, period_ or values_)."""

from django.urls import path

from tongket.ui.views import reporting as views

urlpatterns = [
    path("reports/due/", views.report_due, name="report_due"),
    path("reports/due/remind-all/", views.report_remind_all, name="report_remind_all"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/value/", views.report_value, name="report_value"),
    path("reports/<int:pk>/narrative/", views.report_narrative, name="report_narrative"),
    path("reports/<int:pk>/fill/", views.report_fill, name="report_fill"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
    path("reports/<int:pk>/approve/", views.report_approve, name="report_approve"),
    path("reports/<int:pk>/reopen/", views.report_reopen, name="report_reopen"),
    path("reports/<int:pk>/remind/", views.report_remind, name="report_remind"),
    path("reports/<int:pk>/files/", views.report_attachment_add, name="report_attachment_add"),
    path(
        "reports/<int:pk>/files/<int:attachment_pk>/",
        views.report_attachment_download,
        name="report_attachment_download",
    ),
    path(
        "reports/<int:pk>/files/<int:attachment_pk>/remove/",
        views.report_attachment_remove,
        name="report_attachment_remove",
    ),
    path("report-forms/", views.form_list, name="form_list"),
    path("report-forms/new/", views.form_create, name="form_create"),
    path("report-forms/indicators/", views.form_indicator_options, name="form_indicator_options"),
    path("report-forms/<int:pk>/", views.form_detail, name="form_detail"),
    path("report-forms/<int:pk>/edit/", views.form_edit, name="form_edit"),
    path("report-forms/<int:pk>/sections/", views.form_section, name="form_section"),
    path("report-forms/<int:pk>/assign/", views.form_assign, name="form_assign"),
    path("report-forms/<int:pk>/unassign/", views.form_unassign, name="form_unassign"),
    path("report-forms/<int:pk>/open-period/", views.form_open_period, name="form_open_period"),
    path("report-forms/<int:pk>/import/", views.values_import, name="values_import"),
    path("report-forms/<int:pk>/template/", views.values_template, name="values_template"),
    path("report-forms/<int:pk>/regime/", views.form_regime_export, name="form_regime_export"),
    path("periods/", views.period_list, name="period_list"),
    path("periods/new/", views.period_create, name="period_create"),
    path("periods/<int:pk>/toggle/", views.period_toggle, name="period_toggle"),
    path("periods/rules/", views.period_rule_save, name="period_rule_save"),
    path("periods/rules/preview/", views.period_rule_preview, name="period_rule_preview"),
]
