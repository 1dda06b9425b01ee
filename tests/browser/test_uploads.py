"""Uploading through the workbench's file page: content decides, not the file name."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.documents import make_pdf

from .helpers import log_in, path_is

pytestmark = pytest.mark.browser

FAKE_PE = b"MZ\x90\x00\x03" + b"\x00" * 200
PDF = make_pdf("Annual report 2024")  # a real one-page PDF: uploads must open


def test_an_executable_named_pdf_is_refused_next_to_the_field_and_a_real_pdf_is_listed(
    page, demo_mode, tmp_path
):
    fake = tmp_path / "report.pdf"
    fake.write_bytes(FAKE_PE)
    real = tmp_path / "ok.pdf"
    real.write_bytes(PDF)

    log_in(page, "editor")
    page.get_by_role("link", name="文件").click()
    expect(page).to_have_url(path_is("/workbench/files/"))
    expect(page.get_by_text("您还没有上传文件")).to_be_visible()

    page.get_by_label("选择文件").set_input_files(fake)
    page.get_by_role("button", name="上传").click()
    field = page.get_by_label("选择文件")
    expect(page.locator("#id_file_error")).to_contain_text("可执行程序")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile("可执行程序"))
    expect(page.get_by_role("cell", name="report.pdf")).to_have_count(0)

    field.set_input_files(real)
    page.get_by_role("button", name="上传").click()
    expect(page).to_have_url(path_is("/workbench/files/"))
    expect(page.get_by_role("status")).to_contain_text("已上传“ok.pdf”")
    row = page.get_by_role("row").filter(has_text="ok.pdf")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("application/pdf")
    expect(page.locator("#id_file_error")).to_have_count(0)
