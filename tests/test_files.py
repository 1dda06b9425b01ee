"""Uploads are judged by their content, not their names."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core import actions
from gongkai.core.errors import InvalidInput
from gongkai.core.files import check_upload, content_path, sanitise_name, verify_content
from gongkai.core.models import AuditEvent, StoredFile
from tests.documents import make_pdf

PDF = make_pdf("Annual report 2024")  # a real one-page PDF: uploads must open
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


def upload(name, content):
    return SimpleUploadedFile(name, content)


def test_a_pdf_passes_with_both_digests():
    checked = check_upload(upload("报告.pdf", PDF))
    assert checked.content_type == "application/pdf"
    assert checked.sha256 == hashlib.sha256(PDF).hexdigest()
    assert checked.sm3 == hashlib.new("sm3", PDF).hexdigest()
    assert checked.size == len(PDF)


@pytest.mark.parametrize("content", [PE, ELF, b"#!/bin/sh\nrm -rf /\n"])
def test_an_executable_renamed_pdf_is_refused_with_a_clear_message(content):
    with pytest.raises(InvalidInput) as exc:
        check_upload(upload("通知.pdf", content))
    assert "可执行程序" in exc.value.message
    assert exc.value.field == "file"


def test_a_picture_named_pdf_is_refused_as_a_mismatch():
    with pytest.raises(InvalidInput, match="与文件内容（PNG 图片）不符"):
        check_upload(upload("scan.pdf", PNG))


def test_an_empty_file_is_refused():
    with pytest.raises(InvalidInput, match="空"):
        check_upload(upload("empty.pdf", b""))


def test_a_file_over_the_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(InvalidInput, match="文件过大"):
        check_upload(upload("big.pdf", PDF + b"0" * 2048))


def test_plain_text_in_gb18030_is_text():
    checked = check_upload(upload("名单.csv", "姓名,电话\n张三,无\n".encode("gb18030")))
    assert checked.content_type == "text/plain"


def test_a_restricted_list_of_types_is_enforced():
    with pytest.raises(InvalidInput, match="不支持"):
        check_upload(upload("a.png", PNG), allowed={"application/pdf"})


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\张三\\桌面\\通知.docx", "通知.docx"),
        ('a<b>:"c"|?*.pdf', "a_b_c_.pdf"),
        (".hidden.pdf", "hidden.pdf"),
        ("\x00\x1f", "未命名文件"),
        ("长" * 300 + ".pdf", "长" * 116 + ".pdf"),
    ],
)
def test_file_names_are_sanitised(raw, clean):
    assert sanitise_name(raw) == clean


@pytest.mark.django_db
def test_stored_content_is_addressed_by_sha256_and_kept_once(county):
    first = actions.store_upload(
        actor=county.user["editor"], checked=check_upload(upload("a.pdf", PDF))
    )
    second = actions.store_upload(
        actor=county.user["chief"], checked=check_upload(upload("b.pdf", PDF))
    )
    assert first.file_id == second.file_id
    assert StoredFile.objects.filter(sha256=hashlib.sha256(PDF).hexdigest()).count() == 1
    path = content_path(first.file.sha256)
    assert path.read_bytes() == PDF
    assert path.name == first.file.sha256
    assert verify_content(first.file.sha256)
    assert AuditEvent.objects.filter(action="file.upload").count() == 2


@pytest.mark.django_db
def test_fixity_check_notices_changed_content(county):
    stored = actions.store_upload(
        actor=None, checked=check_upload(upload("c.pdf", PDF + b"%x"))
    ).file
    path = content_path(stored.sha256)
    path.chmod(0o640)
    path.write_bytes(PDF + b"%y")
    assert not verify_content(stored.sha256)


def test_any_binary_file_object_can_be_checked():
    fh = io.BytesIO(PDF)
    fh.name = "x.pdf"
    assert check_upload(fh).size == len(PDF)


def test_a_download_name_outside_ascii_has_an_ascii_fallback_before_it():
    from gongkai.core.files import download_disposition

    header = download_disposition("答复 告知书.pdf", "document-7")
    assert header.startswith('attachment; filename="document-7.pdf"; filename*=')
    assert "%E7%AD%94%E5%A4%8D%20%E5%91%8A%E7%9F%A5%E4%B9%A6.pdf" in header
    assert download_disposition("reply.pdf", "document-7") == 'attachment; filename="reply.pdf"'
    # A path or control characters never reach the header.
    assert (
        download_disposition("../../etc/pass\nwd.txt", "x") == 'attachment; filename="pass_wd.txt"'
    )
