from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import include, path, reverse

from gongkai.core import permissions
from gongkai.core.urls import module_urls


def _admin_login(request, extra_context=None):
    # One login for all staff: the workbench's, with its lockout, audit and second factor.
    return redirect_to_login(request.get_full_path(), reverse("workbench:login"))


def _admin_permission(request) -> bool:
    user = request.user
    verified = not settings.REQUIRE_2FA or user.is_verified()
    return permissions.can_manage_organisation(user) and verified


admin.site.login = _admin_login
admin.site.has_permission = _admin_permission
admin.site.site_header = admin.site.site_title = "gongkai 系统管理（只读）"

urlpatterns = [
    path(settings.STAFF_URL_PREFIX, include("gongkai.workbench.urls")),
    path("admin/", admin.site.urls),
    *module_urls(),
    path("", include("gongkai.portal.urls")),
]

handler403 = "gongkai.portal.views.permission_denied"
handler404 = "gongkai.portal.views.page_not_found"
handler500 = "gongkai.portal.views.server_error"
