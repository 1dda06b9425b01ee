"""Reading pages in view tests: the errors next to a field, what a textarea kept, refusals."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str):
    """Freeze the wall clock at `text` (Shanghai time)."""
    return time_machine.travel(datetime.fromisoformat(text).replace(tzinfo=SHANGHAI), tick=False)


def page(response) -> str:
    return response.content.decode()


def field_errors(response, field: str) -> str:
    """The errors shown next to `field` (its auto id without the `id_` prefix)."""
    found = re.search(
        rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page(response), re.S
    )
    return found.group(1) if found else ""


def textarea(response, field: str) -> str:
    found = re.search(rf'<textarea name="{field}"[^>]*>\n?(.*?)</textarea>', page(response), re.S)
    assert found, f"no textarea {field}"
    return found.group(1)


def assert_login_required(response, path: str) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith(f"/workbench/login/?next={path}")


def assert_forbidden(response, reason: str) -> None:
    assert response.status_code == 403
    assert "无权访问" in page(response)
    assert reason in page(response)


def block_text(response, element_id: str) -> str:
    """The text of the element with this id up to its closing tag (an element that holds no
    element of its own kind: a list, a section), whitespace collapsed."""
    found = re.search(rf'<(\w+)[^>]*\bid="{element_id}"[^>]*>(.*?)</\1>', page(response), re.S)
    assert found, f"no #{element_id}"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(2)).split())
