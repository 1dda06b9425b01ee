"""The roles of 政民互动: who triages letters, who answers and reviews them, who moderates the
message board, who runs a consultation. Each is held in a department."""

from django.utils.translation import gettext_lazy as _

from gongkai.core.roles import declare

# Triages the letters of the mailboxes its department owns (the government office: the
# 县长信箱): accepts and assigns, returns, transfers, merges, closes; approves extensions.
TRIAGE = declare(
    "letter_triage",
    _("来信分办人员"),
    _("受理、分办、退回、转办、合并来信，审批延期"),
    module="letters",
)
# Drafts the replies to the letters its department leads, asks for an extension.
HANDLER = declare(
    "letter_handler",
    _("来信办理人员"),
    _("拟写本部门主办来信的答复，申请延期"),
    module="letters",
)
# Reviews reply drafts: level 1 in the answering department, level 2 in the mailbox's.
REVIEWER = declare(
    "letter_reviewer",
    _("来信答复审核人"),
    _("审核答复稿，通过后发出"),
    module="letters",
)
# Moderates the message board and keeps the blocked words; moderates consultation comments.
MODERATOR = declare(
    "board_moderator",
    _("留言审核人员"),
    _("审核留言板留言和征集意见，处理举报，维护关键词"),
    module="letters",
)
# Opens a draft for comment and publishes the feedback report for its department.
CONSULTATION_EDITOR = declare(
    "consultation_editor",
    _("意见征集管理人员"),
    _("发布本部门的意见征集，发布意见采纳情况"),
    module="letters",
)
