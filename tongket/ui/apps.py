from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "tongket.ui"
    label = "ui"
