"""The public portal's shell: home page, organisation page, elderly mode, error pages."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.core import pagecache
from gongkai.core.context_processors import ELDERLY_COOKIE
from gongkai.core.models import Department
from gongkai.publishing.views.public import home_sections, public_page

ONE_YEAR = 365 * 24 * 3600


@public_page
def home(request):
    """首页: the latest information of the news columns and of 政府信息公开."""
    return render(request, "portal/home.html", home_sections(request))


@require_safe
@pagecache.shared  # under the organisation's version (core.apps)
def departments(request):
    """机构设置 (条例 Art. 20 item 2): the department tree."""
    everything = list(Department.objects.order_by("order", "pk"))
    children: dict[int | None, list[Department]] = {}
    for dept in everything:
        children.setdefault(dept.parent_id, []).append(dept)
    for dept in everything:
        dept.child_list = children.get(dept.pk, [])
    return render(request, "portal/departments.html", {"roots": children.get(None, [])})


@require_http_methods(["GET", "HEAD", "POST"])
def toggle_elderly(request):
    """Switch the large-text, high-contrast mode: a plain link, so it works without JavaScript."""
    target = request.GET.get("next") or request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=False
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.COOKIES.get(ELDERLY_COOKIE) == "1":
        response.delete_cookie(ELDERLY_COOKIE)
    else:
        response.set_cookie(ELDERLY_COOKIE, "1", max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response


FAVICON = Path(__file__).resolve().parent / "static" / "gongkai" / "favicon.ico"
DAY = 86400


@require_safe
def favicon(request):
    """Browsers ask /favicon.ico of every site whether a page names an icon or not."""
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/vnd.microsoft.icon")
    response["Cache-Control"] = f"public, max-age={DAY}"
    return response


@require_safe
def robots(request):
    """The public site may be crawled; the staff pages, an applicant's tracking pages (a query
    code in the address) and the admin may not. Names the sitemap."""
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.STAFF_URL_PREFIX}",
        "Disallow: /admin/",
        f"Disallow: {reverse('disclosure:track')}",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('publishing:sitemap'))}",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={DAY}"
    return response


@require_safe
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def permission_denied(request, exception=None):
    reason = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
