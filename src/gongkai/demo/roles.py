"""Roles the demo county shows for modules not built yet (电子档案).

Each moves to its module's `roles.py` when that module lands; the names stay, so the demo
accounts keep their assignments.
"""

from django.utils.translation import gettext_lazy as _

from gongkai.core.roles import declare

ARCHIVIST = declare("archivist", _("档案管理员"), _("归档、保管、利用"), module="demo")
