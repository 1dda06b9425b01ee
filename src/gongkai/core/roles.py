"""Roles: core keeps the assignments; each module declares the roles it knows when it loads.

A role is a name stored in `RoleAssignment.role` (so assignments outlive any change to
labels), a label shown to people, and a sentence on what it may do. Core declares only its
own (the 三员 of the security baseline); a module declares its roles in its AppConfig's
`ready()` with `declare(...)`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class RoleInfo:
    name: str
    label: str
    description: str = ""
    module: str = ""


_roles: dict[str, RoleInfo] = {}


def declare(name: str, label, description="", *, module: str = "") -> str:
    """Declare a role (idempotent for the same name and label); returns its name for constants."""
    known = _roles.get(name)
    if known is not None and str(known.label) != str(label):
        raise ValueError(f"role {name!r} is already declared as {known.label!r}")
    _roles[name] = RoleInfo(name, label, description, module)
    return name


def known() -> list[RoleInfo]:
    return list(_roles.values())


def is_known(name: str) -> bool:
    return name in _roles


def label(name: str) -> str:
    info = _roles.get(name)
    return str(info.label) if info else name


def choices() -> list[tuple[str, str]]:
    """For `RoleAssignment.role`'s choices (a callable, so migrations never list them)."""
    return [(info.name, info.label) for info in _roles.values()]


# Core's own: the separation of duties of the security baseline (系统管理员, 安全管理员, 安全审计员).
SYSTEM_ADMIN = declare(
    "system_admin", _("系统管理员"), _("管理机构、用户与岗位、工作日历"), module="core"
)
SECURITY_ADMIN = declare(
    "security_admin", _("安全管理员"), _("查看个人信息明文，管理安全策略"), module="core"
)
AUDITOR = declare("auditor", _("安全审计员"), _("查看审计日志"), module="core")

# Supervision reads every domain's deadlines through core.supervision, so its roles are the
# kernel's: the 督查人员 follows up whatever is late, a leader (县领导) watches the figures.
SUPERVISOR = declare("supervisor", _("督查人员"), _("督办超期事项"), module="core")
LEADER = declare("leader", _("县领导"), _("查看督查看板与效能统计"), module="core")
