"""The roles of 政务服务: who keeps the catalogue, who works the window, who decides."""

from django.utils.translation import gettext_lazy as _

from gongkai.core.roles import declare

# Drafts the department's catalogue entries and its 职权目录.
CATALOGUE_EDITOR = declare(
    "service_catalogue_editor",
    _("事项清单编制人"),
    _("编制、修改本部门的政务服务事项和职权目录"),
    module="services",
)
# Reviews and publishes catalogue changes (the county's 政务服务管理机构).
CATALOGUE_REVIEWER = declare(
    "service_catalogue_reviewer",
    _("事项清单审核人"),
    _("审核、发布政务服务事项的变更"),
    module="services",
)
# 一审: registers, answers first questions (首问), accepts and reviews cases.
WINDOW_CLERK = declare(
    "service_window_clerk",
    _("窗口受理人员"),
    _("登记首问、受理和审查办件、一次性告知、送达"),
    module="services",
)
# 一核: decides; approves an extension (行政许可法 Art. 42: the head of the agency).
APPROVER = declare(
    "service_approver",
    _("审批负责人"),
    _("作出审批决定，批准延长办理期限"),
    module="services",
)
