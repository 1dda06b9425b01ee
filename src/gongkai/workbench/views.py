"""The staff workbench shell: login with lockout and 2FA, the inbox, the kernel's own pages."""

from __future__ import annotations

import base64
import time
from datetime import date
from itertools import groupby

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core import actions, drafts, permissions, statutory_holidays
from gongkai.core.decorators import keeps_drafts, object_page_for, staff_required
from gongkai.core.files import check_upload
from gongkai.core.forms import errors_into
from gongkai.core.inbox import entries_for
from gongkai.core.models import AuditEvent, CalendarDay, CalendarYear, Upload, User
from gongkai.workbench.forms import CalendarYearForm, LoginForm, TokenForm, UploadForm

PENDING_USER = "gk_pending_user"
PENDING_AT = "gk_pending_at"
PENDING_NEXT = "gk_pending_next"
PENDING_DEVICE = "gk_pending_device"
PENDING_SECONDS = 300  # the password step is valid this long while the second factor is asked
FIRST_CALENDAR_YEAR, LAST_CALENDAR_YEAR = 2004, 2100


def _safe_next(request, value: str | None) -> str:
    """Where to go after signing in: `value` if it stays on this site, an action's address
    replaced by its object's page (a GET of the action has nothing to show)."""
    if value and url_has_allowed_host_and_scheme(
        value, {request.get_host()}, require_https=request.is_secure()
    ):
        return object_page_for(value)
    return reverse("workbench:inbox")


def _failed_sign_in_message() -> str:
    return _(
        "用户名或密码不正确。连续 %(n)s 次错误，账号将被锁定 %(m)s 分钟，"
        "锁定期间即使密码正确也无法登录；请稍后再试，或联系系统管理员。"
    ) % {
        "n": settings.LOGIN_FAILURE_LIMIT,
        "m": int(settings.LOGIN_LOCKOUT.total_seconds() // 60),
    }


def _lock_message(user: User) -> str:
    until = timezone.localtime(user.locked_until)
    return _(
        "该账号因连续 %(n)s 次登录失败已被锁定，请于 %(time)s 后再试，或联系系统管理员解锁。"
    ) % {
        "n": settings.LOGIN_FAILURE_LIMIT,
        "time": until.strftime("%H:%M"),
    }


def _finish_login(request, user: User, next_url: str, device=None):
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    # login() gave the browser a new CSRF secret: a form it posts once the session has ended
    # is this user's, and its text is kept for them alone (core.drafts).
    drafts.remember_owner(request, user)
    if device is not None:
        otp_login(request, device)
    actions.record_login_success(user=user, second_factor="totp" if device else "off (demo)")
    return redirect(next_url)


@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request):
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        existing = User.objects.filter(username=username).first()
        # The password is always checked, so a locked account answers as slowly as any other
        # (an unknown name pays for one hash too, in Django's ModelBackend).
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        locked = existing is not None and actions.is_locked(existing)
        if locked or user is None:
            actions.record_login_failure(
                username=username, reason="locked" if locked else "password"
            )
            # One answer for an unknown name, a wrong password and a locked account: the
            # sign-in page must not tell who has an account.
            form.add_error(None, _failed_sign_in_message())
        elif not permissions.is_staff_member(user):
            actions.record_login_failure(username=username, reason="no_role")
            form.add_error(None, _("此账号没有工作台岗位，请联系系统管理员。"))
        elif not settings.REQUIRE_2FA:
            return _finish_login(request, user, next_url)
        else:
            request.session.cycle_key()
            request.session[PENDING_USER] = user.pk
            request.session[PENDING_AT] = time.time()
            request.session[PENDING_NEXT] = next_url
            if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                return redirect("workbench:otp_verify")
            return redirect("workbench:otp_setup")
    return render(request, "workbench/login.html", {"form": form, "next": next_url})


def _pending_user(request) -> User | None:
    pk, at = request.session.get(PENDING_USER), request.session.get(PENDING_AT, 0)
    if pk is None or time.time() - at > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or actions.is_locked(user):
        return None
    return user


def _clear_pending(request) -> str:
    for key in (PENDING_USER, PENDING_AT, PENDING_DEVICE):
        request.session.pop(key, None)
    return request.session.pop(PENDING_NEXT, reverse("workbench:inbox"))


@require_http_methods(["GET", "HEAD", "POST"])
def otp_verify(request):
    user = _pending_user(request)
    if user is None:
        messages.error(request, _("登录已超时，请重新输入用户名和密码。"))
        return redirect("workbench:login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            return _finish_login(request, user, _clear_pending(request), device)
        failed = actions.record_login_failure(username=user.username, reason="otp")
        if failed is not None and actions.is_locked(failed):
            _clear_pending(request)
            messages.error(request, _lock_message(failed))
            return redirect("workbench:login")
        form.add_error("token", _("验证码不正确或已过期，请输入身份验证器上当前显示的数字。"))
    return render(request, "workbench/otp_verify.html", {"form": form, "pending": user})


@require_http_methods(["GET", "HEAD", "POST"])
def otp_setup(request):
    """First login outside demo mode: enrol an authenticator app, then log in with it."""
    user = _pending_user(request)
    if user is None:
        messages.error(request, _("登录已超时，请重新输入用户名和密码。"))
        return redirect("workbench:login")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("workbench:otp_verify")
    device = TOTPDevice.objects.filter(
        pk=request.session.get(PENDING_DEVICE), user=user, confirmed=False
    ).first()
    if device is None:
        device = actions.create_totp_device(user=user)
        request.session[PENDING_DEVICE] = device.pk
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if actions.confirm_totp_device(user=user, device=device, token=form.cleaned_data["token"]):
            return _finish_login(request, user, _clear_pending(request), device)
        form.add_error("token", _("验证码不正确，请确认手机时间准确后重新输入。"))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "workbench/otp_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": secret, "pending": user},
    )


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        actions.record_logout(user=request.user)
    drafts.forget_owner(request)
    logout(request)
    messages.success(request, _("您已安全退出。"))
    return redirect("workbench:login")


@never_cache
@require_http_methods(["GET", "HEAD"])
def keep_alive(request):
    """Asked by gongkai/session.js when the clerk chooses to go on working: 204 while the staff
    session lasts (the request itself renews its idle time), 403 once it has ended, never a
    redirect to the sign-in page, which would leave the page being typed in."""
    user = request.user
    signed_in = user.is_authenticated and (not settings.REQUIRE_2FA or user.is_verified())
    if signed_in and permissions.is_staff_member(user):
        return HttpResponse(status=204)
    return HttpResponse(status=403)


@staff_required
@require_http_methods(["GET", "HEAD"])
def inbox(request):
    entries = entries_for(request.user)
    return render(
        request,
        "workbench/inbox.html",
        {"entries": entries, "roles": permissions.roles_of(request.user)},
    )


@staff_required
@require_http_methods(["GET", "HEAD"])
def calendar_years(request):
    if not permissions.can_manage_calendar(request.user):
        raise PermissionDenied(_("只有系统管理员可以维护工作日历。"))
    years = list(CalendarYear.objects.order_by("-year"))
    this_year = timezone.localdate().year
    missing = [y for y in (this_year, this_year + 1) if not any(c.year == y for c in years)]
    return render(request, "workbench/calendar.html", {"years": years, "missing": missing})


def _as_lines(days: list[CalendarDay]) -> str:
    """Consecutive days with one name shown as one range, as the notice writes them."""
    lines = []
    for _name, group in groupby(days, key=lambda d: d.name):
        run: list[date] = []
        for day in group:
            if run and (day.date - run[-1]).days != 1:
                lines.append(_range_line(run, _name))
                run = []
            run.append(day.date)
        if run:
            lines.append(_range_line(run, _name))
    return "\n".join(lines)


def _range_line(run: list[date], name: str) -> str:
    if len(run) == 1:
        return f"{run[0].isoformat()} {name}".strip()
    return f"{run[0].isoformat()} 至 {run[-1].isoformat()} {name}".strip()


@staff_required
@keeps_drafts
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_year(request, year: int):
    if not permissions.can_manage_calendar(request.user):
        raise PermissionDenied(_("只有系统管理员可以维护工作日历。"))
    if not FIRST_CALENDAR_YEAR <= year <= LAST_CALENDAR_YEAR:
        raise Http404
    existing = CalendarYear.objects.filter(year=year).first()
    days = list(CalendarDay.objects.filter(year_id=year).order_by("date"))
    initial = {
        "notice": existing.notice if existing else "",
        "holidays": _as_lines([d for d in days if not d.is_working_day]),
        "workdays": _as_lines([d for d in days if d.is_working_day]),
    }
    form = CalendarYearForm(request.POST or drafts.take(request), initial=initial, year=year)
    if request.method == "POST" and form.is_valid():
        with errors_into(form):
            actions.set_calendar_year(
                actor=request.user,
                year=year,
                holidays=form.cleaned_data["holidays"],
                workdays=form.cleaned_data["workdays"],
                notice=form.cleaned_data["notice"],
            )
        if not form.errors:
            messages.success(
                request, _("%(year)s 年节假日安排已保存，相关期限已重新计算。") % {"year": year}
            )
            return redirect("workbench:calendar")
    # A year with no notice: the statutory days off the deadlines use meanwhile.
    provisional = [] if existing else sorted(statutory_holidays.days_off(year).items())
    return render(
        request,
        "workbench/calendar_year.html",
        {"form": form, "year": year, "existing": existing, "provisional": provisional},
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def audit_log(request):
    if not permissions.can_view_audit(request.user):
        raise PermissionDenied(_("审计日志仅限安全审计员、安全管理员和系统管理员查看。"))
    result = None
    if request.method == "POST":
        result = actions.run_audit_verification(actor=request.user)
    events = AuditEvent.objects.select_related("actor").order_by("-seq")[:200]
    return render(request, "workbench/audit.html", {"events": events, "result": result})


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def files(request):
    # Bound on POST itself: a POST carrying only a file has an empty request.POST.
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        checked = None
        with errors_into(form, "file"):
            checked = check_upload(form.cleaned_data["file"])
        if checked is not None:
            upload = actions.store_upload(actor=request.user, checked=checked)
            messages.success(request, _("已上传“%(name)s”。") % {"name": upload.name})
            return redirect("workbench:files")
    uploads = Upload.objects.filter(uploaded_by=request.user).select_related("file")[:100]
    return render(request, "workbench/files.html", {"form": form, "uploads": uploads})
