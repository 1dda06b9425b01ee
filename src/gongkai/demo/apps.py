from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "gongkai.demo"
    label = "demo"
    verbose_name = "示范县"

    def ready(self) -> None:
        from gongkai.demo import roles  # noqa: F401  (declares the roles of modules to come)
