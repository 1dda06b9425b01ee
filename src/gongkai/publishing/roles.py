"""The roles of 政务公开's three-level review (栏目编辑 -> 网站主编 -> 网站总编)."""

from django.utils.translation import gettext_lazy as _

from gongkai.core.roles import declare

EDITOR = declare("editor", _("栏目编辑"), _("在本部门栏目起草、提交信息"), module="publishing")
CHIEF_EDITOR = declare(
    "chief_editor", _("网站主编"), _("第二级审核，管理栏目"), module="publishing"
)
EDITOR_IN_CHIEF = declare(
    "editor_in_chief", _("网站总编"), _("终审、紧急发布、撤稿"), module="publishing"
)
# The extra step for sensitive columns (领导讲话, 人事任免, 重大决策, 突发事件).
OFFICE_REVIEWER = declare(
    "office_reviewer", _("政府办审核人"), _("敏感栏目的加审"), module="publishing"
)
