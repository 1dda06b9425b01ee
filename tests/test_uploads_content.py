"""Uploads are accepted only when they are what their name says and they open: one check for
the public 依申请公开 form and every staff upload, with the same messages, and help text that
names every accepted kind and the size limit."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from pypdf import PdfWriter

from gongkai.core import files
from gongkai.core.errors import InvalidInput
from gongkai.core.files import check_upload
from gongkai.core.models import StoredFile, Upload
from gongkai.disclosure.models import DisclosureRequest
from gongkai.publishing.actions import create_column
from gongkai.publishing.models import Item
from tests.documents import make_docx, para, run
from tests.pages import field_errors, page, textarea
from tests.test_disclosure_public import form_data
from tests.test_publishing_staff_views import NEW
from tests.test_publishing_staff_views import form_data as item_form_data

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
MISMATCH = "与文件内容"
BROKEN = "已损坏或不是真正的"
OFD = "application/ofd"
PDF = "application/pdf"


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def small_xlsx() -> bytes:
    book = Workbook()
    book.active.append(["项目", "金额"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zipped(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


CONTENT_TYPES = "[Content_Types].xml"


def pdf_bomb() -> bytes:
    """A PDF header and nothing a reader could open: 30 MB of zeros."""
    return b"%PDF-1.7\n" + bytes(30 * MB)


class CountingFile(io.BytesIO):
    """A file that remembers how many bytes were read from it."""

    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name = name
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk

    def readinto(self, buffer):
        count = super().readinto(buffer)
        self.bytes_read += count
        return count


def refusal(name: str, content: bytes, **check) -> str:
    with pytest.raises(InvalidInput) as refused:
        check_upload(SimpleUploadedFile(name, content), **check)
    assert refused.value.field == "file"
    return refused.value.message


def apply_with_scan(client, name: str, content: bytes):
    scan = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post("/ysqgk/apply/", form_data(id_scan=scan))


def assert_scan_refused(response, reason: str) -> None:
    assert response.status_code == 200
    assert reason in field_errors(response, "id_scan"), page(response)[:2000]
    assert DisclosureRequest.objects.count() == 0
    assert textarea(response, "info_description") == form_data()["info_description"]


# ---------------------------------------------------------------- the public form


def test_text_named_pdf_on_the_public_form_says_the_content_does_not_match(client):
    response = apply_with_scan(client, "证件.pdf", "这不是 PDF 文件".encode())
    assert_scan_refused(response, "文件扩展名“.pdf”与文件内容（纯文本）不符")
    assert "不支持此类文件" not in field_errors(response, "id_scan")


def test_a_pdf_header_followed_by_zeros_is_refused_on_the_public_form(client):
    response = apply_with_scan(client, "证件.pdf", pdf_bomb())
    assert_scan_refused(response, "“证件.pdf”已损坏或不是真正的PDF 文档，无法打开")


def test_a_real_pdf_scan_is_accepted_on_the_public_form(client):
    response = apply_with_scan(client, "证件.pdf", blank_pdf())
    assert response.status_code == 302, field_errors(response, "id_scan")
    assert DisclosureRequest.objects.get().id_scan.file.content_type == "application/pdf"


# ---------------------------------------------------------------- staff uploads


def test_a_pdf_header_followed_by_zeros_is_refused_on_the_workbench(staff_client):
    response = staff_client("editor").post(
        "/workbench/files/", {"file": SimpleUploadedFile("年报.pdf", pdf_bomb())}
    )
    assert response.status_code == 200
    assert "“年报.pdf”已损坏或不是真正的PDF 文档" in field_errors(response, "file")
    assert not Upload.objects.exists() and not StoredFile.objects.exists()


def test_text_named_pdf_gets_the_same_message_on_the_workbench(staff_client):
    response = staff_client("editor").post(
        "/workbench/files/",
        {"file": SimpleUploadedFile("证件.pdf", "这不是 PDF 文件".encode())},
    )
    assert "文件扩展名“.pdf”与文件内容（纯文本）不符" in field_errors(response, "file")


def test_a_pdf_bomb_is_refused_without_reading_it_through():
    bomb = CountingFile(pdf_bomb() + b"\nstartxref\n9\n%%EOF\n", "bomb.pdf")
    with pytest.raises(InvalidInput, match=BROKEN):
        check_upload(bomb)
    assert bomb.bytes_read < MB


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),  # no xref, no Root
        ("a.pdf", blank_pdf()[:-200]),  # cut short
        ("a.docx", make_docx(para(run("正文")))[:-40]),  # cut short: no central directory
        ("a.docx", b"PK\x03\x04" + bytes(range(256)) * 8),  # garbage after a zip signature
        ("a.docx", zipped({CONTENT_TYPES: "<Types/>", "word/other.xml": "<x/>"})),
        ("a.xlsx", small_xlsx()[:-40]),
        ("a.xlsx", b"PK\x03\x04" + bytes(range(256)) * 8),
        ("a.xlsx", zipped({"xl/workbook.xml": "<workbook/>"})),  # no [Content_Types].xml
        ("a.pptx", zipped({CONTENT_TYPES: "<Types/>"})),  # no ppt/presentation.xml
        ("a.ofd", zipped({"Doc_0/Document.xml": "<x/>"})),  # no OFD.xml
        ("a.zip", b"PK\x03\x04" + bytes(300)),
        ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),  # no valid CFB header
    ],
)
def test_a_damaged_document_is_refused_as_one_that_does_not_open(name, content):
    assert BROKEN in refusal(name, content)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("通知.pdf", blank_pdf(), "application/pdf"),
        (
            "通知.docx",
            make_docx(para(run("正文"))),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "明细.xlsx",
            small_xlsx(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("公文.ofd", zipped({"OFD.xml": "<ofd:OFD/>", "Doc_0/Document.xml": "<x/>"}), OFD),
        ("材料.zip", zipped({"说明.txt": "说明"}), "application/zip"),
    ],
)
def test_a_real_small_document_is_accepted(name, content, kind):
    assert check_upload(SimpleUploadedFile(name, content)).content_type == kind


def encrypted_pdf(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(blank_pdf()))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_that_needs_a_password_to_open_is_refused_and_one_restricted_is_accepted():
    assert "“机密.pdf”设有打开密码" in refusal("机密.pdf", encrypted_pdf("secret"))
    assert check_upload(SimpleUploadedFile("受限.pdf", encrypted_pdf(""))).content_type == PDF


def test_a_spreadsheet_named_docx_is_refused_as_a_mismatch():
    message = refusal("通知.docx", small_xlsx())
    assert "文件扩展名“.docx”与文件内容（Excel 表格）不符" in message


@pytest.fixture
def column(county):
    return create_column(
        actor=None, name="农业农村动态", slug="nyj-news", department=county.dept["NYJ"]
    )


def test_a_damaged_word_document_is_refused_in_the_item_form(staff_client, column):
    data = item_form_data(column)
    data["attachments"] = [SimpleUploadedFile("方案.docx", make_docx(para(run("正文")))[:-40])]
    response = staff_client("editor").post(NEW, data)
    assert response.status_code == 200
    assert "“方案.docx”已损坏或不是真正的Word 文档" in field_errors(response, "attachments")
    assert not Item.objects.filter(column=column).exists()


# ---------------------------------------------------------------- help text


def help_text(response, field: str) -> str:
    found = re.search(rf'<p class="help" id="id_{field}_helptext">(.*?)</p>', page(response), re.S)
    assert found, f"no help text for {field}"
    return found.group(1)


def test_the_public_scan_field_lists_its_kinds_and_the_size_limit(client, settings):
    settings.UPLOAD_MAX_BYTES = 20 * MB
    text = help_text(client.get("/ysqgk/apply/"), "id_scan")
    for label in ("PDF 文档（.pdf）", "JPEG 图片（.jpg、.jpeg）", "PNG 图片（.png）"):
        assert label in text
    assert "20 MB" in text
    assert "Word" not in text


def test_every_staff_upload_field_lists_every_kind_it_takes(staff_client, column, settings):
    settings.UPLOAD_MAX_BYTES = 30 * MB
    client = staff_client("editor")
    for url, field in [("/workbench/files/", "file"), (NEW, "attachments")]:
        text = help_text(client.get(url), field)
        for kind in files.KINDS:
            extensions = "、".join(f".{extension}" for extension in kind.extensions)
            assert f"{kind.label}（{extensions}）" in text, (url, kind.label)
        assert "30 MB" in text
