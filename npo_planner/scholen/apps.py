from django.apps import AppConfig


class ScholenConfig(AppConfig):
    name = "npo_planner.scholen"
    label = "scholen"
    verbose_name = "Scholen"
