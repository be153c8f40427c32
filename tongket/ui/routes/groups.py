"""Pages of named bodies: Ban Chỉ đạo, Tổ Biên tập… (URL names start with group_)."""

from django.urls import path

from tongket.ui.views import groups as views

urlpatterns = [
    path("bodies/", views.group_list, name="group_list"),
    path("bodies/new/", views.group_create, name="group_create"),
    path("bodies/<int:pk>/", views.group_detail, name="group_detail"),
    path("bodies/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("bodies/<int:pk>/members/", views.group_member_add, name="group_member_add"),
    path("bodies/<int:pk>/members/remove/", views.group_member_remove, name="group_member_remove"),
]
