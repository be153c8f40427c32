"""Pages of the dashboards."""

from django.urls import path

from tongket.ui.views import dashboards

urlpatterns = [
    path("dashboards/", dashboards.dashboard, name="dashboard"),
    path(
        "dashboards/resolutions/<int:pk>/",
        dashboards.dashboard_resolution,
        name="dashboard_resolution",
    ),
    path("dashboards/units/<int:pk>/", dashboards.dashboard_unit, name="dashboard_unit"),
]
