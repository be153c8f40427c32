from django.urls import path

from tongket.ui.views import jobs

urlpatterns = [
    path("jobs/<int:pk>/", jobs.job_detail, name="job_detail"),
    path("jobs/<int:pk>/status/", jobs.job_status, name="job_status"),
    path("notifications/", jobs.notification_list, name="notification_list"),
    path("notifications/<int:pk>/read/", jobs.notification_read, name="notification_read"),
]
