"""The personal-information gate on submit: the core scanner over title, body and attachments."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gongkai.core.pii import Finding, scan
from gongkai.publishing.html import to_text


class PersonalInfoFound(Exception):
    """Submission stopped: personal information must be masked or let through by a reviewer."""

    def __init__(self, findings: list[tuple[str, Finding]]):
        super().__init__(_("发现 %(n)s 处个人信息，请遮盖后再提交。") % {"n": len(findings)})
        self.findings = findings


def scan_revision(revision) -> list[tuple[str, Finding]]:
    """(where, finding) for every piece of personal information in a revision."""
    found = [(_("标题"), f) for f in scan(revision.title)]
    found += [(_("摘要"), f) for f in scan(revision.summary)]
    found += [(_("正文"), f) for f in scan(to_text(revision.body))]
    table = revision.finance_table
    if table is not None:  # 财务公开: a payee's name and number in a row's 项目 or 备注
        found += [(_("收支明细表"), f) for f in scan(table.text())]
    for link in revision.attachment_links.select_related("upload"):
        found += [(_("附件：%(name)s") % {"name": link.upload.name}, f) for f in scan(link.text)]
    return found
