from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "tongket.org"
    label = "org"
    verbose_name = _("Units and people")

    def ready(self) -> None:
        # Scopes (core) read the grants, units and lines through this, never importing org.
        from tongket.core.scopes import register_grant_source
        from tongket.org.scope_rows import GRANTS

        register_grant_source(GRANTS)
