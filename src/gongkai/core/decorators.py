"""View decorators every staff page uses, whichever module it belongs to."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from gongkai.core import permissions


def staff_required(view):
    """Logged in (with the second factor outside demo mode) and holding at least one role.

    Anyone else goes to `settings.LOGIN_URL`, the one staff login.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if settings.REQUIRE_2FA and not user.is_verified():
            logout(request)
            return redirect_to_login(request.get_full_path())
        if not permissions.is_staff_member(user):
            raise PermissionDenied(_("您的账号没有任何岗位，不能使用工作台。请联系系统管理员。"))
        return view(request, *args, **kwargs)

    return wrapper
