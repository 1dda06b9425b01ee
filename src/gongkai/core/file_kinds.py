"""The kinds of file the platform accepts, written once: what each is called, the extensions
it may carry, how its first bytes look, and how to tell that it opens.

`core.files.check_upload` judges every upload against this list; help text next to an
upload field and the refusal messages are made from it, so they cannot disagree.

Each check costs little whatever the file's size: the first bytes, the end of a PDF and its
cross-reference table, a ZIP's central directory and the start of the parts its kind needs,
a compound document's header. A file that only starts like a PDF (a header, then 30 MB of
zeros) never gets further than its last kilobyte.
"""

from __future__ import annotations

import struct
import zipfile
from typing import BinaryIO, NamedTuple

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
OFD = "application/ofd"
ZIP = "application/zip"
TEXT = "text/plain"

CONTENT_TYPES = "[Content_Types].xml"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Acrobat's rule, kept by real writers: %%EOF is within the last 1024 bytes.
PDF_TAIL = 1024
PART_SAMPLE = 64 * 1024


class Kind(NamedTuple):
    """One accepted kind of file. `container` is what its first bytes show ("pdf", "zip",
    "cfb", "text" or an image's MIME type); `parts` the ZIP members its kind requires."""

    mime: str
    extensions: tuple[str, ...]
    label: str
    container: str
    parts: tuple[str, ...] = ()


KINDS = (
    Kind(PDF, ("pdf",), gettext_lazy("PDF 文档"), "pdf"),
    Kind(OFD, ("ofd",), gettext_lazy("OFD 版式文件"), "zip", ("OFD.xml",)),
    Kind(DOCX, ("docx",), gettext_lazy("Word 文档"), "zip", (CONTENT_TYPES, "word/document.xml")),
    Kind("application/msword", ("doc",), gettext_lazy("Word 97-2003 文档"), "cfb"),
    Kind(XLSX, ("xlsx",), gettext_lazy("Excel 表格"), "zip", (CONTENT_TYPES, "xl/workbook.xml")),
    Kind("application/vnd.ms-excel", ("xls",), gettext_lazy("Excel 97-2003 表格"), "cfb"),
    Kind(
        PPTX,
        ("pptx",),
        gettext_lazy("PowerPoint 演示文稿"),
        "zip",
        (CONTENT_TYPES, "ppt/presentation.xml"),
    ),
    Kind("image/jpeg", ("jpg", "jpeg"), gettext_lazy("JPEG 图片"), "image/jpeg"),
    Kind("image/png", ("png",), gettext_lazy("PNG 图片"), "image/png"),
    Kind("image/gif", ("gif",), gettext_lazy("GIF 图片"), "image/gif"),
    Kind("image/tiff", ("tif", "tiff"), gettext_lazy("TIFF 图片"), "image/tiff"),
    Kind(TEXT, ("txt", "csv"), gettext_lazy("纯文本"), "text"),
    Kind(ZIP, ("zip",), gettext_lazy("ZIP 压缩包"), "zip"),
)
ALLOWED = {kind.mime: kind for kind in KINDS}
# What content is called when its first bytes tell no more than the container.
GENERIC = {"text": ALLOWED[TEXT], "zip": ALLOWED[ZIP]}


def kinds(allowed=None) -> list[Kind]:
    """The kinds an upload field takes (all of them without `allowed`), in the list's order."""
    return [kind for kind in KINDS if allowed is None or kind.mime in allowed]


def by_extension(extension: str, allowed=None) -> Kind | None:
    return next((k for k in kinds(allowed) if extension in k.extensions), None)


def listed(allowed=None) -> str:
    """PDF 文档（.pdf）、JPEG 图片（.jpg、.jpeg）……"""
    return "、".join(
        f"{kind.label}（{'、'.join('.' + e for e in kind.extensions)}）" for kind in kinds(allowed)
    )


def limit_mb() -> int:
    return settings.UPLOAD_MAX_BYTES // (1024 * 1024)


def describe(allowed=None) -> str:
    """What an upload field takes, for its help text: every kind and the size limit."""
    return _("可上传：%(kinds)s；每个文件不超过 %(mb)s MB。") % {
        "kinds": listed(allowed),
        "mb": limit_mb(),
    }


def accept_attribute(allowed=None) -> str:
    """The file input's `accept`: the extensions of the kinds it takes."""
    return ",".join(f".{e}" for kind in kinds(allowed) for e in kind.extensions)


def container(head: bytes, sniffed: str | None, looks_like_text: bool) -> str | None:
    """What the first bytes show the file to be, in the terms of `Kind.container`."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(CFB_MAGIC):
        return "cfb"
    if sniffed is None:
        return "text" if looks_like_text else None
    return sniffed


class Broken(Exception):
    """The file is of its kind by its first bytes but does not open."""


class PasswordProtected(Exception):
    """A PDF that opens only with a password: nobody could read it once published."""


def check_opens(kind: Kind, source: BinaryIO, size: int) -> Kind:
    """The kind the file really is once opened (another ZIP-based kind than its name says,
    or `kind`); raises `Broken` or `PasswordProtected`."""
    if kind.container == "pdf":
        _check_pdf(source, size)
    elif kind.container == "zip":
        return _zip_kind(kind, source)
    elif kind.container == "cfb":
        _check_cfb(source, size)
    return kind


def _check_pdf(source: BinaryIO, size: int) -> None:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    source.seek(max(0, size - PDF_TAIL))
    if b"%%EOF" not in source.read(PDF_TAIL):
        # Checked first: without the marker a reader searches the whole file backwards.
        raise Broken
    source.seek(0)
    try:
        # Strict: no rebuilding a broken cross-reference table by scanning the whole file.
        reader = PdfReader(source, strict=True)
        pages = reader.trailer["/Root"].get_object()["/Pages"].get_object()
        count, first = pages["/Count"], pages["/Kids"][0].get_object()
        if int(count) < 1 or first.get("/Type") not in ("/Page", "/Pages"):
            raise Broken
    except FileNotDecryptedError as exc:
        raise PasswordProtected from exc
    except Broken:
        raise
    except Exception as exc:  # whatever a damaged file makes the reader raise
        raise Broken from exc
    finally:
        source.seek(0)


def _zip_kind(kind: Kind, source: BinaryIO) -> Kind:
    source.seek(0)
    try:
        with zipfile.ZipFile(source) as archive:
            names = set(archive.namelist())
            actual = kind
            if not set(kind.parts) <= names:
                others = [k for k in KINDS if k.parts and set(k.parts) <= names]
                if not others:
                    raise Broken
                actual = others[0]
            for part in actual.parts:
                # The part's local header and first block: it is there and decompresses.
                with archive.open(part) as member:
                    member.read(PART_SAMPLE)
    except Broken:
        raise
    except Exception as exc:  # BadZipFile, zlib.error, an unsupported method, ...
        raise Broken from exc
    finally:
        source.seek(0)
    return actual


def _check_cfb(source: BinaryIO, size: int) -> None:
    """The compound file header (MS-CFB 2.2): byte order, version and sector size agree, and
    the file holds at least the header, one FAT sector and one directory sector."""
    source.seek(0)
    header = source.read(512)
    source.seek(0)
    if len(header) < 512:
        raise Broken
    major, byte_order, shift = struct.unpack_from("<HHH", header, 0x1A)
    if byte_order != 0xFFFE or (major, shift) not in ((3, 9), (4, 12)):
        raise Broken
    if size < 512 + 2 * (1 << shift):
        raise Broken
