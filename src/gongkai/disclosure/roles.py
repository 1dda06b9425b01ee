"""The roles of 依申请公开: the officer who handles requests and the head who approves extensions."""

from django.utils.translation import gettext_lazy as _

from gongkai.core.roles import declare

DISCLOSURE_OFFICER = declare(
    "disclosure_officer",
    _("依申请公开经办人"),
    _("登记、办理、答复政府信息公开申请"),
    module="disclosure",
)
# 条例 Art. 33: an extension is approved by the head of the disclosure office.
DISCLOSURE_HEAD = declare(
    "disclosure_head",
    _("政府信息公开工作机构负责人"),
    _("批准延期，编制年度报告"),
    module="disclosure",
)
