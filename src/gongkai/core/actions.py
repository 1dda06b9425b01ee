"""Every write to core's tables: one function each, in a transaction, with its audit event."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit, hooks, pagecache, permissions, roles, tree
from gongkai.core.calendar import notice_covers

# The clock's writes live in clock_actions; callers reach every core write through this module.
from gongkai.core.clock_actions import (  # noqa: F401
    extend_clock,
    pause_clock,
    restart_clock,
    resume_clock,
    set_due_date,
    start_clock,
    stop_clock,
)
from gongkai.core.crypto import lookup_hash
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.files import CheckedFile, write_content
from gongkai.core.models import (
    CalendarDay,
    CalendarYear,
    Clock,
    Department,
    RoleAssignment,
    StoredFile,
    Upload,
    User,
)
from gongkai.core.pii import is_valid_resident_id

# ---------------------------------------------------------------- organisation


@transaction.atomic
def create_department(
    *,
    actor: User | None,
    name: str,
    short_code: str,
    kind: str = Department.Kind.OFFICE,
    parent: Department | None = None,
    credit_code: str = "",
    order: int = 0,
) -> Department:
    """Create a department under `parent` (or a root)."""
    if actor is not None and not permissions.can_manage_organisation(actor):
        raise PermissionDenied(_("只有系统管理员可以管理部门。"))
    if Department.objects.filter(short_code=short_code).exists():
        raise InvalidInput(_("机构代码“%(code)s”已被使用。") % {"code": short_code}, "short_code")
    dept = Department(
        name=name,
        short_code=short_code,
        kind=kind,
        parent=parent,
        credit_code=credit_code,
        order=order,
    )
    tree.insert(dept)
    pagecache.change_version(pagecache.ORGANISATION)  # the public pages list the departments
    audit.record(
        "department.create",
        actor=actor,
        obj=dept,
        data={"name": name, "short_code": short_code, "parent": parent.pk if parent else None},
    )
    return dept


@transaction.atomic
def create_user(
    *,
    actor: User | None,
    username: str,
    password: str,
    display_name: str = "",
    email: str = "",
    id_number: str = "",
    is_superuser: bool = False,
    check_password: bool = True,
) -> User:
    """Create a staff account; the password must meet the complexity rules."""
    if actor is not None and not permissions.can_manage_organisation(actor):
        raise PermissionDenied(_("只有系统管理员可以创建用户。"))
    if User.objects.filter(username=username).exists():
        raise InvalidInput(_("用户名“%(name)s”已存在。") % {"name": username}, "username")
    if id_number and not is_valid_resident_id(id_number):
        raise InvalidInput(_("身份证号码无效。"), "id_number")
    user = User(
        username=username,
        display_name=display_name,
        email=email,
        is_staff=is_superuser,
        is_superuser=is_superuser,
        id_number=id_number,
        id_number_index=lookup_hash(id_number),
    )
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise InvalidInput(" ".join(exc.messages), "password") from exc
    user.set_password(password)
    user.save()
    audit.record(
        "user.create", actor=actor, obj=user, data={"username": username, "superuser": is_superuser}
    )
    return user


@transaction.atomic
def assign_role(
    *, actor: User | None, user: User, department: Department, role: str
) -> RoleAssignment:
    """Give `user` a role in `department`."""
    if actor is not None and not permissions.can_manage_organisation(actor):
        raise PermissionDenied(_("只有系统管理员可以分配岗位。"))
    if not roles.is_known(role):
        raise InvalidInput(_("未知的角色。"), "role")
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, department=department, role=role
    )
    if created:
        audit.record(
            "role.assign",
            actor=actor,
            obj=assignment,
            data={"user": user.username, "department": department.short_code, "role": role},
        )
    return assignment


@transaction.atomic
def revoke_role(*, actor: User, assignment: RoleAssignment) -> None:
    """Take a role away."""
    if not permissions.can_manage_organisation(actor):
        raise PermissionDenied(_("只有系统管理员可以撤销岗位。"))
    data = {
        "user": assignment.user.username,
        "department": assignment.department.short_code,
        "role": assignment.role,
    }
    audit.record("role.revoke", actor=actor, obj=assignment, data=data)
    assignment.delete()


def reveal_id_number(*, actor: User, user: User) -> str:
    """Show a person's identity number in full: a read of personal data, so it is audited."""
    allowed = permissions.can_view_personal_data(actor)
    with transaction.atomic():
        # A refused attempt is recorded too, so the record is committed before refusing.
        audit.record(
            "pii.reveal", actor=actor, obj=user, success=allowed, data={"field": "id_number"}
        )
    if not allowed:
        raise PermissionDenied(_("您无权查看完整的身份证号码。"))
    return user.id_number


def find_users_by_id_number(id_number: str):
    """Users whose identity number is `id_number`, through the keyed hash (no decryption)."""
    return User.objects.filter(id_number_index=lookup_hash(id_number))


# ---------------------------------------------------------------- audit


def run_audit_verification(*, actor: User | None = None) -> audit.VerifyResult:
    """Verify the whole chain, then record that it was verified and what was found."""
    result = audit.verify()
    with transaction.atomic():
        audit.record(
            "audit.verify",
            actor=actor,
            success=result.ok,
            data={"checked": result.checked, "message": result.message, "bad_seq": result.bad_seq},
        )
    return result


# ---------------------------------------------------------------- login


def is_locked(user: User, now=None) -> bool:
    now = now or timezone.now()
    return user.locked_until is not None and user.locked_until > now


@transaction.atomic
def record_login_failure(*, username: str, reason: str = "password") -> User | None:
    """Count a failed login; the LOGIN_FAILURE_LIMIT-th in a row locks the account."""
    user = User.objects.select_for_update().filter(username=username).first()
    if user is None:
        audit.record(
            "login.failure",
            actor_label=username[:150],
            success=False,
            data={"reason": "unknown_user"},
        )
        return None
    now = timezone.now()
    # An attempt while locked is recorded but does not push the lockout back.
    newly_locked = False
    if not is_locked(user, now):
        if user.locked_until is not None:
            # The last lockout has run out: count afresh (and forget it, or every later
            # failure would count from zero again and the account could never lock again).
            user.failed_logins, user.locked_until = 0, None
        user.failed_logins += 1
        newly_locked = user.failed_logins >= settings.LOGIN_FAILURE_LIMIT
        if newly_locked:
            user.locked_until = now + settings.LOGIN_LOCKOUT
        user.save(update_fields=["failed_logins", "locked_until"])
    audit.record(
        "login.failure",
        actor=user,
        obj=user,
        success=False,
        data={"reason": reason, "failures": user.failed_logins},
    )
    if newly_locked:
        audit.record("login.lock", actor=user, obj=user, data={"until": user.locked_until})
    return user


@transaction.atomic
def record_login_success(*, user: User, second_factor: str = "") -> None:
    """Reset the failure count and record the login."""
    User.objects.filter(pk=user.pk).update(
        failed_logins=0, locked_until=None, last_login=timezone.now()
    )
    audit.record("login.success", actor=user, obj=user, data={"second_factor": second_factor})


@transaction.atomic
def record_logout(*, user: User) -> None:
    audit.record("logout", actor=user, obj=user)


@transaction.atomic
def unlock_user(*, actor: User, user: User) -> None:
    """Lift a lockout before it runs out."""
    if not permissions.can_manage_organisation(actor):
        raise PermissionDenied(_("只有系统管理员可以解锁账号。"))
    User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    audit.record("user.unlock", actor=actor, obj=user)


@transaction.atomic
def create_totp_device(*, user: User):
    """Start enrolling an authenticator app: an unconfirmed TOTP device."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name=_("身份验证器"), confirmed=False)
    audit.record("otp.enrol_start", actor=user, obj=user)
    return device


@transaction.atomic
def confirm_totp_device(*, user: User, device, token: str) -> bool:
    """Confirm an enrolment with the first code from the app."""
    if device.user_id != user.pk or device.confirmed:
        raise InvalidTransition("device is not awaiting confirmation")
    if not device.verify_token(token):
        audit.record("otp.enrol_confirm", actor=user, obj=user, success=False)
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record("otp.enrol_confirm", actor=user, obj=user)
    return True


# ---------------------------------------------------------------- calendar


@transaction.atomic
def set_calendar_year(
    *,
    actor: User,
    year: int,
    holidays: list[tuple[date, str]],
    workdays: list[tuple[date, str]],
    notice: str,
) -> CalendarYear:
    """Enter (or replace) a year's State Council holiday notice.

    The notice may also set days of the December before (its 元旦 days off and make-up days);
    they are stored under this notice, taking them over from the year they fall in.
    """
    if not permissions.can_manage_calendar(actor):
        raise PermissionDenied(_("只有系统管理员可以维护工作日历。"))
    for field, days in (("holidays", holidays), ("workdays", workdays)):
        for day, _name in days:
            if not notice_covers(year, day):
                raise InvalidInput(
                    _("%(day)s 不在 %(year)s 年内（上一年只可填12月的元旦放假或调休日期）。")
                    % {"day": day, "year": year},
                    field,
                )
    overlap = {d for d, _n in holidays} & {d for d, _n in workdays}
    if overlap:
        raise InvalidInput(_("%(day)s 不能既放假又上班。") % {"day": min(overlap)}, "workdays")
    named = [d for d, _n in holidays + workdays]
    replaced = CalendarDay.objects.filter(year_id=year) | CalendarDay.objects.filter(date__in=named)
    before = list(replaced.order_by("date").values_list("date", "is_working_day"))
    cal_year, _created = CalendarYear.objects.update_or_create(
        year=year, defaults={"source": CalendarYear.Source.MANUAL, "notice": notice}
    )
    replaced.delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=d, year=cal_year, is_working_day=False, name=n) for d, n in holidays]
        + [CalendarDay(date=d, year=cal_year, is_working_day=True, name=n) for d, n in workdays]
    )
    audit.record(
        "calendar.set_year",
        actor=actor,
        obj=("core.calendaryear", str(year)),
        data={
            "notice": notice,
            "holidays": [d.isoformat() for d, _n in holidays],
            "workdays": [d.isoformat() for d, _n in workdays],
            "before": [[d.isoformat(), w] for d, w in before],
        },
    )
    first_day = min([date(year, 1, 1), *named, *(d for d, _w in before)])
    _recompute_clocks_from(first_day)
    hooks.calendar_changed(first_day)
    return cal_year


def _recompute_clocks_from(first_day: date) -> None:
    """A changed calendar moves every running deadline that crosses it (audited by the caller)."""
    for clock in Clock.objects.filter(state=Clock.State.RUNNING, due_date__gte=first_day):
        set_due_date(clock)
        clock.save(update_fields=["due_date", "provisional"])


# ---------------------------------------------------------------- files


@transaction.atomic
def store_upload(*, actor: User | None, checked: CheckedFile) -> Upload:
    """Keep a checked upload: content once under its SHA-256, plus who uploaded it under which name."""
    stored = StoredFile.objects.filter(sha256=checked.sha256).first()
    if stored is None:
        write_content(checked)
        stored = StoredFile.objects.create(
            sha256=checked.sha256,
            sm3=checked.sm3,
            size=checked.size,
            content_type=checked.content_type,
        )
    upload = Upload.objects.create(file=stored, name=checked.name, uploaded_by=actor)
    audit.record(
        "file.upload",
        actor=actor,
        obj=upload,
        data={
            "name": checked.name,
            "sha256": checked.sha256,
            "sm3": checked.sm3,
            "size": checked.size,
        },
    )
    return upload
