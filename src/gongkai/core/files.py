"""Uploads: checked by content (not by name) against the accepted kinds of
`core.file_kinds`, opened to see that they are whole, size-limited, names sanitised, stored
by SHA-256.

One place knows where file contents live: MEDIA_ROOT/ab/cd/<sha256>.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import filetype
from django.conf import settings
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from gongkai.core import file_kinds
from gongkai.core.errors import InvalidInput
from gongkai.core.file_kinds import ALLOWED, KINDS, Kind

__all__ = ["ALLOWED", "KINDS", "CheckedFile", "check_bytes", "check_upload"]

CHUNK = 1024 * 1024
MAX_NAME = 120

EXECUTABLE = {
    "application/x-executable",
    "application/x-msdownload",
    "application/x-mach-binary",
    "application/x-elf",
    "application/x-sharedlib",
    "application/vnd.microsoft.portable-executable",
    "application/x-dosexec",
}
EXECUTABLE_MAGIC = (
    b"MZ",
    b"\x7fELF",
    b"#!",
    b"\xcf\xfa\xed\xfe",
    b"\xfe\xed\xfa\xcf",
    b"\xca\xfe\xba\xbe",
)
UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


@dataclass
class CheckedFile:
    """An upload that passed the checks, with its digests; `source` is re-read to store it."""

    name: str
    size: int
    content_type: str
    sha256: str
    sm3: str
    source: BinaryIO


def sanitise_name(name: str) -> str:
    """A file name safe to show and to offer for download: no path, no control characters."""
    name = unicodedata.normalize("NFKC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = UNSAFE_NAME_CHARS.sub("_", name).strip().lstrip(".").strip()
    if not name.strip("_. "):
        return _("未命名文件")
    stem, dot, ext = name.rpartition(".")
    if dot and len(ext) <= 10:
        return stem[: MAX_NAME - len(ext) - 1] + "." + ext
    return name[:MAX_NAME]


def download_disposition(name: str, fallback_stem: str) -> str:
    """`Content-Disposition` for a download: Django's header (RFC 6266; a name outside ASCII
    as RFC 5987's `filename*`), and for such a name an ASCII `filename` first, made of
    `fallback_stem` and the name's extension, for clients that do not read `filename*`."""
    name = sanitise_name(name)
    header = content_disposition_header(True, name)
    if name.isascii():
        return header
    _stem, dot, ext = name.rpartition(".")
    suffix = f".{ext}" if dot and ext.isascii() and ext.isalnum() else ""
    return header.replace("attachment; ", f'attachment; filename="{fallback_stem}{suffix}"; ', 1)


def _extension(name: str) -> str:
    _stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot else ""


def _detect(head: bytes) -> str | None:
    kind = filetype.guess(head)
    return kind.mime if kind else None


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the end of the sample is still text.
            if exc.start >= len(head) - 3:
                return True
    return False


def _mismatch(ext: str, name: str, claimed: Kind, shown: Kind | None) -> InvalidInput:
    if shown is None:
        message = _(
            "文件扩展名“.%(ext)s”与文件内容不符：“%(name)s”不是%(label)s，请检查后重新上传。"
        ) % {"ext": ext, "name": name, "label": claimed.label}
    else:
        message = _("文件扩展名“.%(ext)s”与文件内容（%(label)s）不符，请检查后重新上传。") % {
            "ext": ext or _("无"),
            "label": shown.label,
        }
    return InvalidInput(message, "file")


def check_upload(upload, *, allowed: set[str] | None = None) -> CheckedFile:
    """Check an uploaded file (Django UploadedFile or any binary file object with a name).

    The name says which accepted kind the file claims to be; the first bytes must show that
    kind and the file must open as one. A name no accepted kind carries is "not supported";
    content that is not what the name says is a mismatch, whatever the field accepts.
    """
    name = sanitise_name(getattr(upload, "name", "") or "")
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, os.SEEK_END)
        size = upload.tell()
    limit = settings.UPLOAD_MAX_BYTES
    if size > limit:
        raise InvalidInput(
            _("文件过大：不能超过 %(mb)s MB。") % {"mb": limit // (1024 * 1024)}, "file"
        )
    if size == 0:
        raise InvalidInput(_("文件是空的，请重新选择。"), "file")
    upload.seek(0)
    head = upload.read(8192)
    sniffed = _detect(head)
    if sniffed in EXECUTABLE or (sniffed is None and head.startswith(EXECUTABLE_MAGIC)):
        raise InvalidInput(_("“%(name)s”的内容是可执行程序，不允许上传。") % {"name": name}, "file")
    container = file_kinds.container(head, sniffed, sniffed is None and _looks_like_text(head))
    # The kind the first bytes show, for messages (a ZIP's parts may tell more, below).
    shown = ALLOWED.get(sniffed or "") or file_kinds.GENERIC.get(container or "")
    ext = _extension(name)
    accepted = file_kinds.kinds(allowed)
    claimed = file_kinds.by_extension(ext, allowed)
    if claimed is None:
        if shown in accepted:
            raise _mismatch(ext, name, claimed=shown, shown=shown)
        raise InvalidInput(
            _("不支持此类文件（%(name)s）。可上传：%(kinds)s。")
            % {"name": name, "kinds": file_kinds.listed(allowed)},
            "file",
        )
    # Compound documents: filetype tells Word from Excel when it can; when it cannot, the
    # name is believed.
    if claimed.container != container or (
        container == "cfb" and shown is not None and shown != claimed
    ):
        raise _mismatch(ext, name, claimed, shown)
    try:
        actual = file_kinds.check_opens(claimed, upload, size)
    except file_kinds.PasswordProtected:
        raise InvalidInput(
            _("“%(name)s”设有打开密码，别人无法查看。请去除密码后重新上传。") % {"name": name},
            "file",
        ) from None
    except file_kinds.Broken:
        raise InvalidInput(
            _(
                "“%(name)s”已损坏或不是真正的%(label)s，无法打开。"
                "请用原来的程序重新保存或导出后再上传。"
            )
            % {"name": name, "label": claimed.label},
            "file",
        ) from None
    if actual != claimed:
        raise _mismatch(ext, name, claimed, actual)
    sha256, sm3 = hashlib.sha256(), hashlib.new("sm3")
    upload.seek(0)
    while chunk := upload.read(CHUNK):
        sha256.update(chunk)
        sm3.update(chunk)
    upload.seek(0)
    return CheckedFile(name, size, claimed.mime, sha256.hexdigest(), sm3.hexdigest(), upload)


def check_bytes(name: str, content: bytes, *, allowed: set[str] | None = None) -> CheckedFile:
    """Check content the platform made itself (a generated PDF) exactly like an upload."""
    source = io.BytesIO(content)
    source.name = name
    return check_upload(source, allowed=allowed)


def content_path(sha256: str) -> Path:
    """Where the content with this digest lives."""
    return Path(settings.MEDIA_ROOT) / sha256[:2] / sha256[2:4] / sha256


def write_content(checked: CheckedFile) -> Path:
    """Write the content once (atomically); an existing file with this digest is kept."""
    path = content_path(checked.sha256)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    checked.source.seek(0)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
        while chunk := checked.source.read(CHUNK):
            tmp.write(chunk)
    os.chmod(tmp.name, 0o440)
    os.replace(tmp.name, path)
    return path


def verify_content(sha256: str) -> bool:
    """Whether the stored content still has its digest (fixity)."""
    path = content_path(sha256)
    if not path.exists():
        return False
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest() == sha256
