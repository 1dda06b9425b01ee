"""bench/portal.py only: the product's URLs plus the reference views (bench/portal_settings.py).

Both answer the bytes of an item page, written by the benchmark to the file named by
GONGKAI_BENCH_BARE_FILE, without reading anything.
"""

import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from gongkai import urls as product

PAGE = Path(os.environ["GONGKAI_BENCH_BARE_FILE"]).read_bytes()
BARE = "/_bench/bare/"


def page(request=None):
    return HttpResponse(PAGE, content_type="text/html; charset=utf-8")


def bare_middleware(get_response):
    """First in the stack: the bare view, before any of the product's middleware."""

    def middleware(request):
        if request.path_info == BARE:
            return page()
        return get_response(request)

    return middleware


urlpatterns = [path("_bench/stack/", page, name="bench_stack"), *product.urlpatterns]
handler403 = product.handler403
handler404 = product.handler404
handler500 = product.handler500
