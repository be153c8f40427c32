from django.urls import path

from tongket.ui.routes import analysis as analysis_routes
from tongket.ui.routes import awards as award_routes
from tongket.ui.routes import dashboards as dashboard_routes
from tongket.ui.routes import groups as group_routes
from tongket.ui.routes import jobs as job_routes
from tongket.ui.routes import meetings as meeting_routes
from tongket.ui.routes import reporting as reporting_routes
from tongket.ui.routes import resolutions as resolution_routes
from tongket.ui.routes import reviews as review_routes
from tongket.ui.views import account, admin, auth, home, intake, org, search, second_step

app_name = "ui"

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("login/code/", second_step.login_code, name="login_code"),
    path("password/", auth.password_change, name="password_change"),
    path("account/", account.account, name="account"),
    path("account/second-factor/", account.second_factor_start, name="second_factor_start"),
    path(
        "account/second-factor/confirm/",
        account.second_factor_finish,
        name="second_factor_finish",
    ),
    path("account/second-factor/off/", account.second_factor_off, name="second_factor_off"),
    path("account/recovery-codes/", account.recovery_codes_new, name="recovery_codes_new"),
    path("switch-unit/", org.unit_switch, name="unit_switch"),
    path("search/", search.search, name="search"),
    path("intake/", intake.intake_page, name="intake"),
    path("intake/<int:pk>/", intake.intake_result, name="intake_result"),
    path("units/", org.unit_tree, name="unit_tree"),
    path("units/new/", org.unit_create, name="unit_create"),
    path("units/lookup/", org.unit_lookup, name="unit_lookup"),
    path("people/lookup/", org.person_lookup, name="person_lookup"),
    path("units/<int:pk>/", org.unit_detail, name="unit_detail"),
    path("units/<int:pk>/children/", org.unit_children, name="unit_children"),
    path("units/<int:pk>/edit/", org.unit_edit, name="unit_edit"),
    path("units/<int:pk>/rename/", org.unit_rename, name="unit_rename"),
    path("units/<int:pk>/move/", org.unit_move, name="unit_move"),
    path("units/<int:pk>/lines/", org.unit_line_set, name="unit_line_set"),
    path("units/<int:pk>/lines/end/", org.unit_line_end, name="unit_line_end"),
    path("units/<int:pk>/merge/", org.unit_merge, name="unit_merge"),
    path("units/<int:pk>/split/", org.unit_split, name="unit_split"),
    path("units/<int:pk>/dissolve/", org.unit_dissolve, name="unit_dissolve"),
    path("people/", org.person_list, name="person_list"),
    path("people/new/", org.person_create, name="person_create"),
    path("people/<int:pk>/", org.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", org.person_edit, name="person_edit"),
    path("people/<int:pk>/rank/", org.person_rank_add, name="person_rank_add"),
    path("people/<int:pk>/position/", org.person_position_add, name="person_position_add"),
    path("people/<int:pk>/merge/", org.person_merge, name="person_merge"),
    path("positions/<int:pk>/end/", org.position_end, name="position_end"),
    path("admin/users/", admin.user_list, name="user_list"),
    path("admin/users/new/", admin.user_create, name="user_create"),
    path("admin/users/<int:pk>/", admin.user_detail, name="user_detail"),
    path(
        "admin/users/<int:pk>/grants/<int:grant_pk>/revoke/",
        admin.grant_revoke,
        name="grant_revoke",
    ),
]
urlpatterns += (
    job_routes.urlpatterns
    + resolution_routes.urlpatterns
    + reporting_routes.urlpatterns
    + dashboard_routes.urlpatterns
    + award_routes.urlpatterns
    + review_routes.urlpatterns
    + meeting_routes.urlpatterns
    + group_routes.urlpatterns
    + analysis_routes.urlpatterns
)
