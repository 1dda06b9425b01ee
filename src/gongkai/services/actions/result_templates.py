"""The editable template of an item's result document (出证: the certificate or approval)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.errors import InvalidInput
from gongkai.core.models import User
from gongkai.services import documents, permissions
from gongkai.services.actions._shared import required
from gongkai.services.models import ResultTemplate, ServiceItem


@transaction.atomic
def save_result_template(
    *, actor: User, item: ServiceItem, title: str, body: str, certificate_prefix: str = ""
) -> ResultTemplate:
    """Create or change `item`'s result template; the next decision prints from it."""
    if not permissions.can_edit_catalogue(actor, item.department):
        raise PermissionDenied(_("您不是该部门的事项清单编制人，不能修改结果文书模板。"))
    title = required(title, "title", _("请填写模板标题。"), 100)
    body = required(body, "body", _("请填写模板正文。"))
    documents.check_result_template(body)
    certificate_prefix = (certificate_prefix or "").strip()
    if len(certificate_prefix) > 30:
        raise InvalidInput(_("证照编号前缀不能超过 30 个字。"), "certificate_prefix")
    template, created = ResultTemplate.objects.update_or_create(
        item=item,
        defaults={"title": title, "body": body, "certificate_prefix": certificate_prefix},
    )
    audit.record(
        "services.result_template.create" if created else "services.result_template.update",
        actor=actor,
        obj=template,
        data={"item": item.code, "title": title, "prefix": certificate_prefix},
    )
    return template
