"""Pages of resolutions, their structure, indicators and targets."""

from django.urls import path

from tongket.ui.views import resolutions as views

urlpatterns = [
    path("resolutions/", views.resolution_list, name="resolution_list"),
    path("resolutions/new/", views.resolution_create, name="resolution_create"),
    path("resolutions/lookup/", views.resolution_lookup, name="resolution_lookup"),
    path(
        "resolutions/symbol-check/",
        views.resolution_symbol_check,
        name="resolution_symbol_check",
    ),
    path("resolutions/<int:pk>/", views.resolution_detail, name="resolution_detail"),
    path("resolutions/<int:pk>/edit/", views.resolution_edit, name="resolution_edit"),
    path("resolutions/<int:pk>/status/", views.resolution_status, name="resolution_status"),
    path("resolutions/<int:pk>/issue/", views.resolution_issue, name="resolution_issue"),
    path(
        "resolutions/<int:pk>/relations/",
        views.resolution_relation_add,
        name="resolution_relation_add",
    ),
    path(
        "resolutions/<int:pk>/relations/<int:relation_pk>/remove/",
        views.resolution_relation_remove,
        name="resolution_relation_remove",
    ),
    path("resolutions/<int:pk>/parties/", views.resolution_party_add, name="resolution_party_add"),
    path(
        "resolutions/<int:pk>/parties/<int:party_pk>/remove/",
        views.resolution_party_remove,
        name="resolution_party_remove",
    ),
    path(
        "resolutions/<int:pk>/files/",
        views.resolution_attachment_add,
        name="resolution_attachment_add",
    ),
    path(
        "resolutions/<int:pk>/files/<int:file_pk>/",
        views.resolution_attachment_download,
        name="resolution_attachment_download",
    ),
    path(
        "resolutions/<int:pk>/files/<int:file_pk>/remove/",
        views.resolution_attachment_remove,
        name="resolution_attachment_remove",
    ),
    path("resolutions/<int:pk>/items/", views.resolution_item_add, name="resolution_item_add"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/move/", views.item_move, name="item_move"),
    path("items/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path(
        "resolutions/<int:pk>/assignments/",
        views.resolution_assignment_add,
        name="resolution_assignment_add",
    ),
    path("assignments/<int:pk>/edit/", views.assignment_edit, name="assignment_edit"),
    path("assignments/<int:pk>/status/", views.assignment_status, name="assignment_status"),
    path("assignments/<int:pk>/delete/", views.assignment_delete, name="assignment_delete"),
    path(
        "resolutions/<int:pk>/indicators/new/",
        views.resolution_indicator_add,
        name="resolution_indicator_add",
    ),
    path("indicators/formula/", views.indicator_formula, name="indicator_formula"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("indicators/<int:pk>/targets/", views.indicator_targets, name="indicator_targets"),
    path(
        "indicators/<int:pk>/targets/cell/",
        views.indicator_target_cell,
        name="indicator_target_cell",
    ),
    path("indicators/<int:pk>/targets/cascade/", views.indicator_cascade, name="indicator_cascade"),
    path("indicators/<int:pk>/targets/phase/", views.indicator_phase, name="indicator_phase"),
    path("targets/<int:pk>/history/", views.target_history, name="target_history"),
    path("resolutions/<int:pk>/export/", views.resolution_export, name="resolution_export"),
    path("resolutions/<int:pk>/template/", views.resolution_template, name="resolution_template"),
    path("resolutions/<int:pk>/import/", views.resolution_import, name="resolution_import"),
]
