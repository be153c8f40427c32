"""Pages of conferences (URL names start with meeting_, conclusion_ or task_)."""

from django.urls import path

from tongket.ui.views import meetings as views
from tongket.ui.views import meetings_batches as batches

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/calendar/", views.meeting_calendar, name="meeting_calendar"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/sites/", views.meeting_site_add, name="meeting_site_add"),
    path("meetings/<int:pk>/sites/remove/", views.meeting_site_remove, name="meeting_site_remove"),
    path(
        "meetings/<int:pk>/conclusions/",
        views.meeting_conclusion_add,
        name="meeting_conclusion_add",
    ),
    path("meetings/<int:pk>/render/", views.meeting_render, name="meeting_render"),
    path("conclusions/<int:pk>/tasks/", views.conclusion_task_add, name="conclusion_task_add"),
    path("tasks/<int:pk>/status/", views.task_status, name="task_status"),
    path("task-batches/<int:pk>/edit/", batches.task_batch_edit, name="task_batch_edit"),
    path("task-batches/<int:pk>/units/", batches.task_batch_units, name="task_batch_units"),
    path("task-batches/<int:pk>/expand/", batches.task_batch_expand, name="task_batch_expand"),
]
