"""The mailboxes (信箱) the public writes to: set up by the system administrator, kept (name,
description, review levels, order; opened and closed) by the administrator or the triage of
the mailbox's department.

Closing a mailbox stops new letters (the write page answers 404, `write_letter` refuses);
the letters already in it go on to their replies. Only one 县长信箱 is open at a time (the
database holds the same rule: `letters_one_open_county_head`).

`actor=None` is the system setting the county up (the demo, a seed), as core's
`assign_role` allows; every page passes the signed-in user.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import Department, User
from gongkai.letters import permissions
from gongkai.letters.actions._shared import optional, pages_changed, required
from gongkai.letters.models import Mailbox
from gongkai.letters.rules import OPEN_STATUSES

NAME_LIMIT = 100  # Mailbox.name
CODE_LIMIT = 40  # Mailbox.code
DESCRIPTION_LIMIT = 2000  # a few sentences under the mailbox's name on the public page
REVIEW_LEVELS = (1, 2)
ORDER_LIMIT = 32767  # a PositiveSmallIntegerField


# ---------------------------------------------------------------- checks


def _require_set_up(actor: User | None) -> None:
    if actor is not None and not permissions.can_set_up_mailboxes(actor):
        raise PermissionDenied(_("只有系统管理员可以新建信箱。"))


def _require_manager(actor: User | None, mailbox: Mailbox) -> None:
    if actor is not None and not permissions.can_manage_mailbox(actor, mailbox):
        raise PermissionDenied(_("只有系统管理员和此信箱所属部门的来信分办人员可以管理此信箱。"))


def _code(value: str) -> str:
    """The code is the write page's address (/hudong/write/<code>/): lower case, a slug,
    never used before."""
    code = required(value, "code", _("请填写信箱代码。"), CODE_LIMIT).lower()
    try:
        validate_slug(code)
    except ValidationError as exc:
        raise InvalidInput(
            _("信箱代码只能由英文字母、数字、连字符（-）和下划线组成，例如 nyj。"), "code"
        ) from exc
    if Mailbox.objects.filter(code=code).exists():
        raise InvalidInput(_("信箱代码“%(code)s”已被使用，请换一个。") % {"code": code}, "code")
    return code


def _department(value) -> Department:
    if not isinstance(value, Department):
        raise InvalidInput(_("请选择所属部门。"), "department")
    if value.kind == Department.Kind.VILLAGE:
        # A village answers through its township; its letters go to the township's mailbox.
        raise InvalidInput(_("村（社区）不单独设信箱，请选择所属乡镇或部门。"), "department")
    return value


def _review_levels(value) -> int:
    if isinstance(value, bool) or value not in REVIEW_LEVELS:
        raise InvalidInput(_("答复审核级数只能是一级或两级。"), "review_levels")
    return int(value)


def _order(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= ORDER_LIMIT:
        raise InvalidInput(_("排序请填写 0 到 %(n)d 之间的整数。") % {"n": ORDER_LIMIT}, "order")
    return value


def _one_open_county_head(is_county_head: bool, active: bool, mailbox: Mailbox | None) -> None:
    """No second open 县长信箱: the public page links to one."""
    if not (is_county_head and active):
        return
    others = Mailbox.objects.filter(is_county_head=True, active=True)
    if mailbox is not None:
        others = others.exclude(pk=mailbox.pk)
    other = others.first()
    if other is not None:
        raise InvalidInput(
            _("已有开放的县长信箱“%(name)s”，同一时间只能开放一个县长信箱。")
            % {"name": other.name},
            "is_county_head",
        )


def _fields(
    *, name, department, description, review_levels, is_county_head, order, code=None
) -> dict:
    """The settings both actions take (and a new mailbox's code), checked in the order the
    form shows them."""
    fields = {"name": required(name, "name", _("请填写信箱名称。"), NAME_LIMIT)}
    if code is not None:
        fields["code"] = _code(code)
    return {
        **fields,
        "department": _department(department),
        "description": optional(description, "description", DESCRIPTION_LIMIT),
        "review_levels": _review_levels(review_levels),
        "is_county_head": bool(is_county_head),
        "order": _order(order),
    }


def _saved(save, mailbox: Mailbox | None, *, county_head: bool, code: str = ""):
    """`save()` in a savepoint: of two people acting at once, the one who loses the race to
    the database's rules (one open 县长信箱, a unique code) sees the checks' own message."""
    try:
        with transaction.atomic():
            return save()
    except IntegrityError:
        _one_open_county_head(county_head, True, mailbox)
        if code:
            _code(code)
        raise


def _record(action: str, actor: User | None, mailbox: Mailbox, data: dict) -> None:
    audit.record(action, actor=actor, obj=mailbox, data={"code": mailbox.code, **data})
    pages_changed()  # the 政民互动 page lists the open mailboxes


def _described(fields: dict) -> dict:
    """The audit's view of the settings: the department by its code."""
    return {**fields, "department": fields["department"].short_code}


# ---------------------------------------------------------------- actions


@transaction.atomic
def create_mailbox(
    *,
    actor: User | None,
    name: str,
    code: str,
    department: Department,
    description: str = "",
    review_levels: int = 1,
    is_county_head: bool = False,
    order: int = 0,
) -> Mailbox:
    """Open a new mailbox on the 政民互动 page."""
    _require_set_up(actor)
    fields = _fields(
        name=name,
        department=department,
        description=description,
        review_levels=review_levels,
        is_county_head=is_county_head,
        order=order,
        code=code,
    )
    _one_open_county_head(fields["is_county_head"], True, None)
    mailbox = _saved(
        lambda: Mailbox.objects.create(**fields),
        None,
        county_head=fields["is_county_head"],
        code=fields["code"],
    )
    _record("letters.mailbox.create", actor, mailbox, _described(fields))
    return mailbox


@transaction.atomic
def update_mailbox(
    *,
    actor: User | None,
    mailbox: Mailbox,
    name: str,
    department: Department,
    description: str,
    review_levels: int,
    is_county_head: bool,
    order: int,
) -> Mailbox:
    """Change a mailbox's settings (not its code: letters and links name it). A draft under
    review keeps the levels it was submitted with."""
    mailbox = Mailbox.objects.select_for_update().get(pk=mailbox.pk)
    _require_manager(actor, mailbox)
    fields = _fields(
        name=name,
        department=department,
        description=description,
        review_levels=review_levels,
        is_county_head=is_county_head,
        order=order,
    )
    moved = fields["department"].pk != mailbox.department_id
    # Which department triages a mailbox, and which is the county head's, is the county's
    # configuration: a department's triage keeps its mailbox, not these.
    reconfigured = moved or fields["is_county_head"] != mailbox.is_county_head
    if reconfigured and actor is not None and not permissions.can_set_up_mailboxes(actor):
        raise PermissionDenied(_("只有系统管理员可以更改信箱的所属部门或将其设为县长信箱。"))
    _one_open_county_head(fields["is_county_head"], mailbox.active, mailbox)
    changes = {
        key: [getattr(mailbox, key), value]
        for key, value in fields.items()
        if key != "department" and getattr(mailbox, key) != value
    }
    if moved:
        changes["department"] = [mailbox.department.short_code, fields["department"].short_code]
    for key, value in fields.items():
        setattr(mailbox, key, value)
    _saved(
        lambda: mailbox.save(update_fields=list(fields)),
        mailbox,
        county_head=fields["is_county_head"],
    )
    _record("letters.mailbox.update", actor, mailbox, {"changes": changes})
    return mailbox


@transaction.atomic
def set_mailbox_active(*, actor: User | None, mailbox: Mailbox, active: bool) -> Mailbox:
    """Open a mailbox to new letters, or close it (its letters go on to their replies)."""
    mailbox = Mailbox.objects.select_for_update().get(pk=mailbox.pk)
    _require_manager(actor, mailbox)
    active = bool(active)
    if mailbox.active == active:
        raise InvalidTransition(
            _("信箱“%(name)s”已经开放。") % {"name": mailbox.name}
            if active
            else _("信箱“%(name)s”已经关闭。") % {"name": mailbox.name}
        )
    mailbox.active = active
    try:
        _one_open_county_head(mailbox.is_county_head, active, mailbox)
        _saved(
            lambda: mailbox.save(update_fields=["active"]),
            mailbox,
            county_head=mailbox.is_county_head,
        )
    except InvalidInput as exc:  # nothing to correct on a form: the other must close first
        raise InvalidTransition(exc.message) from exc
    _record(
        "letters.mailbox.open" if active else "letters.mailbox.close",
        actor,
        mailbox,
        # Closing stops new letters only: the ones still open are answered as before.
        {"open_letters": mailbox.letters.filter(status__in=OPEN_STATUSES).count()},
    )
    return mailbox
