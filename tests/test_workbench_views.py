"""The workbench's own pages (inbox, calendar, audit log, files) and the portal shell."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core import actions
from gongkai.core.calendar import add_working_days
from gongkai.core.files import content_path
from gongkai.core.models import (
    AuditEvent,
    CalendarDay,
    CalendarYear,
    RoleAssignment,
    StoredFile,
    Upload,
)
from tests.documents import make_pdf
from tests.pages import (
    assert_forbidden,
    assert_login_required,
    at,
    field_errors,
    page,
    textarea,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
CJK = re.compile(r"[\u4e00-\u9fff]")
PDF = make_pdf("Annual report 2024")  # a real one-page PDF: uploads must open
JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + bytes(64)
    + b"\xff\xd9"
)


# ---------------------------------------------------------------- inbox


def test_the_inbox_lists_my_roles(staff_client):
    response = staff_client("editor").get("/workbench/")
    assert response.status_code == 200
    assert "我的岗位" in page(response)
    assert "县农业农村局（畜牧）：栏目编辑" in page(response)


def test_the_inbox_needs_a_login(client, db):
    assert_login_required(client.get("/workbench/"), "/workbench/")


def test_the_inbox_refuses_someone_whose_roles_were_taken_away(staff_client, county):
    client = staff_client("editor")
    for assignment in RoleAssignment.objects.filter(user=county.user["editor"]):
        actions.revoke_role(actor=county.user["admin"], assignment=assignment)
    assert_forbidden(client.get("/workbench/"), "您的账号没有任何岗位")


def test_the_inbox_refuses_other_methods(staff_client):
    client = staff_client("editor")
    assert client.post("/workbench/").status_code == 405
    assert client.put("/workbench/").status_code == 405


def test_in_november_the_admin_is_reminded_to_enter_next_years_holidays(staff_client):
    assert not CalendarYear.objects.filter(year=2027).exists()
    with at("2026-11-16 10:00"):
        response = staff_client("admin").get("/workbench/")
    assert "2027 年节假日安排尚未录入" in page(response)
    assert 'href="/workbench/calendar/2027/"' in page(response)


def test_the_holiday_reminder_is_not_shown_in_june(staff_client):
    with at("2026-06-15 10:00"):
        response = staff_client("admin").get("/workbench/")
    assert response.status_code == 200
    assert "节假日安排尚未录入" not in page(response)


def test_the_holiday_reminder_is_gone_once_next_year_is_entered(staff_client, county):
    with at("2026-12-01 10:00"):
        actions.set_calendar_year(
            actor=county.user["admin"],
            year=2027,
            holidays=[(date(2027, 1, 1), "元旦")],
            workdays=[],
            notice="通知",
        )
        response = staff_client("admin").get("/workbench/")
    assert "节假日安排尚未录入" not in page(response)


def test_the_holiday_reminder_is_only_for_the_calendar_keepers(staff_client):
    with at("2026-11-16 10:00"):
        response = staff_client("editor").get("/workbench/")
    assert response.status_code == 200
    assert "节假日安排尚未录入" not in page(response)


# ---------------------------------------------------------------- calendar

HOLIDAYS_2027 = "2027-01-01 元旦\n2027-02-06 至 2027-02-12 春节"
WORKDAYS_2027 = "2027-02-14 春节调休"
NOTICE_2027 = "国务院办公厅关于2027年部分节假日安排的通知"


def test_the_calendar_list_is_for_the_admin(staff_client):
    response = staff_client("admin").get("/workbench/calendar/")
    assert response.status_code == 200
    assert "工作日历" in page(response)
    assert 'href="/workbench/calendar/2026/"' in page(response)


@pytest.mark.parametrize("path", ["/workbench/calendar/", "/workbench/calendar/2027/"])
def test_the_calendar_pages_are_refused_to_an_editor(staff_client, path):
    assert_forbidden(staff_client("editor").get(path), "只有系统管理员可以维护工作日历")


def test_an_editor_cannot_enter_a_year(staff_client):
    response = staff_client("editor").post(
        "/workbench/calendar/2027/", {"notice": NOTICE_2027, "holidays": HOLIDAYS_2027}
    )
    assert_forbidden(response, "只有系统管理员可以维护工作日历")
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.parametrize("path", ["/workbench/calendar/", "/workbench/calendar/2027/"])
def test_the_calendar_pages_need_a_login(client, db, path):
    assert_login_required(client.get(path), path)


def test_the_calendar_pages_refuse_other_methods(staff_client):
    client = staff_client("admin")
    assert client.post("/workbench/calendar/").status_code == 405
    assert client.put("/workbench/calendar/2027/").status_code == 405
    assert client.delete("/workbench/calendar/2026/").status_code == 405
    assert CalendarYear.objects.filter(year=2026).exists()


def test_the_admin_enters_next_years_holidays(staff_client):
    assert add_working_days(date(2027, 2, 5), 1).provisional
    client = staff_client("admin")
    assert "此年度尚未录入" in page(client.get("/workbench/calendar/2027/"))
    response = client.post(
        "/workbench/calendar/2027/",
        {"notice": NOTICE_2027, "holidays": HOLIDAYS_2027, "workdays": WORKDAYS_2027},
        follow=True,
    )
    assert response.redirect_chain == [("/workbench/calendar/", 302)]
    assert "2027 年节假日安排已保存" in page(response)
    year = CalendarYear.objects.get(year=2027)
    assert year.source == CalendarYear.Source.MANUAL
    assert year.notice == NOTICE_2027
    days = {d.date: (d.is_working_day, d.name) for d in CalendarDay.objects.filter(year=year)}
    assert days[date(2027, 1, 1)] == (False, "元旦")
    assert all(days[date(2027, 2, n)] == (False, "春节") for n in range(6, 13))
    assert days[date(2027, 2, 14)] == (True, "春节调休")
    assert len(days) == 9
    event = AuditEvent.objects.get(action="calendar.set_year", object_id="2027")
    assert event.actor.username == "admin"
    assert event.data["workdays"] == ["2027-02-14"]
    # The working day after Friday 5 February is now the make-up Sunday, and certain.
    after = add_working_days(date(2027, 2, 5), 1)
    assert after.day == date(2027, 2, 14)
    assert not after.provisional


def test_an_existing_year_is_shown_as_the_notice_writes_it(staff_client):
    response = staff_client("admin").get("/workbench/calendar/2026/")
    assert response.status_code == 200
    assert "2026-02-15 至 2026-02-23 春节" in textarea(response, "holidays")
    assert "2026-01-01 至 2026-01-03 元旦" in textarea(response, "holidays")
    assert "2026-02-14" in textarea(response, "workdays")


@pytest.mark.parametrize(
    ("holidays", "workdays", "field", "message"),
    [
        ("2027-02-30 元旦", "", "holidays", "“2027-02-30”不是有效日期"),
        ("元旦", "", "holidays", "不是有效日期"),
        ("2026-11-30 元旦", "", "holidays", "2026-11-30 不在 2027 年内"),
        ("2027-02-12 至 2027-02-06 春节", "", "holidays", "结束日期早于开始日期"),
        ("2027-01-01 至 2027-03-01 春节", "", "holidays", "不会超过 31 天"),
        ("2027-01-01 元旦\n2027-01-01 元旦", "", "holidays", "2027-01-01 填写了两次"),
        (
            "2027-02-06 至 2027-02-12 春节",
            "2027-02-06 春节调休",
            "workdays",
            "2027-02-06 不能既放假又上班",
        ),
        (
            "2027-02-06 至 2027-02-12 春节",
            "2027-02-08 春节调休",
            "workdays",
            "2027-02-08 本来就是工作日",
        ),
        (
            "2027-02-06 至 2027-02-12 春节",
            "2027-02-13 至 2027-02-14 调休",
            "workdays",
            "请逐日填写",
        ),
        ("2027-02-06 至 2027-02-12 春节", "2028-01-08 调休", "workdays", "不在 2027 年内"),
        ("", WORKDAYS_2027, "holidays", "必填"),
        ("   \n", WORKDAYS_2027, "holidays", "必填"),
    ],
)
def test_bad_calendar_input_is_explained_next_to_the_field_and_nothing_is_saved(
    staff_client, holidays, workdays, field, message
):
    client = staff_client("admin")
    events_before = AuditEvent.objects.filter(action="calendar.set_year").count()
    response = client.post(
        "/workbench/calendar/2027/",
        {"notice": NOTICE_2027, "holidays": holidays, "workdays": workdays},
    )
    assert response.status_code == 200
    assert message in field_errors(response, field)
    assert textarea(response, "holidays").strip() == holidays.strip()
    assert textarea(response, "workdays").strip() == workdays.strip()
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert AuditEvent.objects.filter(action="calendar.set_year").count() == events_before


def test_a_missing_notice_is_explained_next_to_its_field(staff_client):
    response = staff_client("admin").post(
        "/workbench/calendar/2027/",
        {"notice": "", "holidays": HOLIDAYS_2027, "workdays": WORKDAYS_2027},
    )
    assert response.status_code == 200
    assert CJK.search(field_errors(response, "notice"))
    assert "2027-02-06 至 2027-02-12 春节" in textarea(response, "holidays")
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_bad_input_for_an_existing_year_leaves_it_as_it_was(staff_client):
    days_before = list(
        CalendarDay.objects.filter(year_id=2026).values_list("date", "is_working_day", "name")
    )
    response = staff_client("admin").post(
        "/workbench/calendar/2026/", {"notice": "x", "holidays": "2026-13-01 元旦", "workdays": ""}
    )
    assert response.status_code == 200
    assert "不是有效日期" in field_errors(response, "holidays")
    assert CalendarYear.objects.get(year=2026).source == CalendarYear.Source.PACKAGE
    assert (
        list(CalendarDay.objects.filter(year_id=2026).values_list("date", "is_working_day", "name"))
        == days_before
    )


@pytest.mark.parametrize("year", [1999, 2003, 2101])
def test_a_year_out_of_range_is_not_found(staff_client, year):
    response = staff_client("admin").get(f"/workbench/calendar/{year}/")
    assert response.status_code == 404
    assert "页面不存在" in page(response)


# ---------------------------------------------------------------- audit log


def test_the_admin_sees_the_audit_log(staff_client):
    response = staff_client("admin").get("/workbench/audit/")
    assert response.status_code == 200
    assert "login.success" in page(response)
    assert "user.create" in page(response)


def test_the_audit_log_is_refused_to_an_editor(staff_client):
    client = staff_client("editor")
    assert_forbidden(
        client.get("/workbench/audit/"), "审计日志仅限安全审计员、安全管理员和系统管理员查看"
    )
    assert client.post("/workbench/audit/").status_code == 403
    assert not AuditEvent.objects.filter(action="audit.verify").exists()


def test_the_audit_log_needs_a_login(client, db):
    assert_login_required(client.get("/workbench/audit/"), "/workbench/audit/")


def test_posting_to_the_audit_log_verifies_the_chain(staff_client):
    response = staff_client("admin").post("/workbench/audit/")
    assert response.status_code == 200
    assert "审计链完整" in page(response)
    assert AuditEvent.objects.filter(
        action="audit.verify", success=True, actor__username="admin"
    ).exists()


def test_the_audit_log_refuses_other_methods(staff_client):
    client = staff_client("admin")
    assert client.put("/workbench/audit/").status_code == 405
    assert client.delete("/workbench/audit/").status_code == 405


# ---------------------------------------------------------------- files


def upload(client, name: str, content: bytes, content_type: str = "application/pdf"):
    return client.post(
        "/workbench/files/", {"file": SimpleUploadedFile(name, content, content_type)}
    )


def test_a_pdf_is_uploaded_and_listed(staff_client, county):
    client = staff_client("editor")
    response = upload(client, "年度报告.pdf", PDF)
    assert response.status_code == 302 and response["Location"] == "/workbench/files/"
    listing = client.get("/workbench/files/")
    assert "已上传“年度报告.pdf”" in page(listing)
    assert "年度报告.pdf" in page(listing)
    stored = StoredFile.objects.get(sha256=hashlib.sha256(PDF).hexdigest())
    assert stored.sm3 == hashlib.new("sm3", PDF).hexdigest()
    assert stored.size == len(PDF)
    assert stored.content_type == "application/pdf"
    assert content_path(stored.sha256).read_bytes() == PDF
    made = Upload.objects.get(file=stored)
    assert made.name == "年度报告.pdf"
    assert made.uploaded_by == county.user["editor"]
    event = AuditEvent.objects.get(action="file.upload", object_id=str(made.pk))
    assert event.data["sha256"] == stored.sha256
    assert event.data["sm3"] == stored.sm3


def test_the_same_content_uploaded_twice_is_stored_once(staff_client):
    client = staff_client("editor")
    upload(client, "first.pdf", PDF)
    upload(client, "second.pdf", PDF)
    stored = StoredFile.objects.get(sha256=hashlib.sha256(PDF).hexdigest())
    assert sorted(Upload.objects.filter(file=stored).values_list("name", flat=True)) == [
        "first.pdf",
        "second.pdf",
    ]
    assert StoredFile.objects.count() == 1


@pytest.mark.parametrize(
    "content", [b"MZ\x90\x00" + bytes(200), b"\x7fELF\x02\x01\x01" + bytes(200)]
)
def test_an_executable_renamed_pdf_is_refused(staff_client, content):
    response = upload(staff_client("editor"), "invoice.pdf", content)
    assert response.status_code == 200
    assert "可执行程序" in field_errors(response, "file")
    assert not StoredFile.objects.exists()
    assert not Upload.objects.exists()
    assert not AuditEvent.objects.filter(action="file.upload").exists()


def test_a_jpeg_named_pdf_is_refused_as_a_mismatch(staff_client):
    response = upload(staff_client("editor"), "photo.pdf", JPEG)
    assert response.status_code == 200
    errors = field_errors(response, "file")
    assert "与文件内容" in errors
    assert "JPEG" in errors
    assert not StoredFile.objects.exists()


def test_an_empty_file_is_refused(staff_client):
    response = upload(staff_client("editor"), "empty.pdf", b"")
    assert response.status_code == 200
    assert CJK.search(field_errors(response, "file"))
    assert not StoredFile.objects.exists()


def test_a_post_without_a_file_asks_for_one(staff_client):
    response = staff_client("editor").post("/workbench/files/", {})
    assert response.status_code == 200
    assert "请选择要上传的文件" in field_errors(response, "file")
    assert not Upload.objects.exists()


@pytest.mark.parametrize(
    ("name", "stored_name"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\boot.pdf", "boot.pdf"),
        ("<script>x.pdf", "_script_x.pdf"),
    ],
)
def test_uploaded_file_names_are_sanitised(staff_client, name, stored_name):
    client = staff_client("editor")
    upload(client, name, PDF)
    made = Upload.objects.get()
    assert made.name == stored_name
    assert "/" not in made.name and "\\" not in made.name
    assert "<script>" not in page(client.get("/workbench/files/"))


def test_the_files_page_needs_a_login(client, db):
    assert_login_required(client.get("/workbench/files/"), "/workbench/files/")
    assert_login_required(upload(client, "a.pdf", PDF), "/workbench/files/")
    assert not StoredFile.objects.exists()


def test_the_files_page_refuses_other_methods(staff_client):
    assert staff_client("editor").put("/workbench/files/").status_code == 405


def test_the_files_page_lists_only_my_uploads(staff_client):
    client = staff_client("editor")
    assert "mine.pdf" in page(client.get(upload(client, "mine.pdf", PDF)["Location"]))
    client = staff_client("clerk")
    assert "mine.pdf" not in page(client.get("/workbench/files/"))


def test_workbench_pages_are_not_cached(staff_client):
    response = staff_client("editor").get("/workbench/files/")
    assert response["Cache-Control"] == "private, no-store"


# ---------------------------------------------------------------- portal


def test_elderly_mode_is_switched_on_and_off_and_returns_to_the_page(client, db):
    response = client.get("/elderly/", {"next": "/departments/"})
    assert response.status_code == 302 and response["Location"] == "/departments/"
    assert client.cookies["gk_elderly"].value == "1"
    assert 'class="elderly' in page(client.get("/departments/"))
    response = client.get("/elderly/", {"next": "/"})
    assert response.status_code == 302
    assert response.cookies["gk_elderly"]["max-age"] == 0
    assert 'class="elderly' not in page(client.get("/"))


@pytest.mark.parametrize(
    "target", ["https://evil.example", "//evil.example/", "javascript:alert(1)"]
)
def test_elderly_mode_never_redirects_off_the_site(client, db, target):
    response = client.get("/elderly/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_elderly_switch_refuses_other_methods(client, db):
    assert client.put("/elderly/").status_code == 405


def test_the_departments_page_lists_the_county(client, db):
    response = client.get("/departments/")
    assert response.status_code == 200
    html = page(response)
    for name in (
        "示范县人民政府",
        "县人民政府办公室",
        "高山乡人民政府",
        "高山乡和平村",
        "高山乡新桥村",
    ):
        assert name in html
    township = html.index("高山乡人民政府")
    assert re.search(r"高山乡人民政府\s*<ul>\s*<li>高山乡和平村", html[township:])


def test_an_unknown_address_gets_a_chinese_not_found_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in page(response)


def test_the_portal_refuses_to_be_posted_to(client, db):
    assert client.post("/").status_code == 405
    assert client.post("/departments/").status_code == 405


@pytest.mark.parametrize("path", ["/", "/departments/", "/workbench/login/"])
def test_pages_carry_the_security_headers(client, db, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


# ---------------------------------------------------------------- the menu modules register


def _staff_menu(response) -> str:
    html = page(response)
    return html[html.index('<nav class="wb-nav"') : html.index("</nav>", html.index("wb-nav"))]


def test_the_staff_menu_shows_the_modules_a_user_works_in_and_marks_the_current_one(
    staff_client,
):
    menu = _staff_menu(staff_client("disclosure").get("/workbench/disclosure/"))
    assert 'aria-current="page">依申请公开</a>' in menu
    assert "政务公开" not in menu and "工作日历" not in menu


def test_an_editor_sees_publishing_and_not_the_administrators_pages(staff_client):
    menu = _staff_menu(staff_client("editor").get("/workbench/publishing/"))
    assert 'aria-current="page">政务公开</a>' in menu
    assert "依申请公开" not in menu and "审计日志" not in menu


def test_the_administrator_sees_the_calendar_marked_on_a_years_page(staff_client):
    menu = _staff_menu(staff_client("admin").get("/workbench/calendar/2027/"))
    assert 'aria-current="page">工作日历</a>' in menu and "审计日志" in menu


def test_the_inbox_shows_a_review_waiting_since_just_after_midnight_on_beijings_day(
    staff_client, county
):
    """Submitted at 00:22 Beijing time (16:22 UTC the day before): the inbox says the 10th."""
    import time_machine

    from gongkai.publishing import actions as publishing

    column = publishing.create_column(
        actor=None, name="农业农村", slug="nyj-inbox", department=county.dept["NYJ"]
    )
    item = publishing.create_item(
        actor=county.user["editor"],
        column=column,
        data=publishing.ItemData(title="春耕生产工作情况", body="<p>全县春耕进展顺利。</p>"),
    )
    with time_machine.travel(datetime(2026, 3, 10, 0, 22, tzinfo=ZoneInfo("Asia/Shanghai"))):
        publishing.submit_item(actor=county.user["editor"], item=item)
    html = page(staff_client("chief").get("/workbench/"))
    row = next(line for line in html.splitlines() if "春耕生产工作情况" in line)
    assert "2026年3月10日" in row
