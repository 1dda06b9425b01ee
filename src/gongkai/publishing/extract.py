"""Text out of attachments (for the personal-information gate and search), and masked copies."""

from __future__ import annotations

import html
import io
import logging
import re
import unicodedata
import zipfile

from django.utils.translation import gettext as _

from gongkai.core.errors import InvalidInput
from gongkai.core.files import check_upload, content_path
from gongkai.core.pii import mask, scan

log = logging.getLogger(__name__)
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
TEXT_ENCODINGS = ("utf-8", "gb18030")  # what county staff's editors save plain text as
MASKED_SUFFIX = "（已遮盖）"


def extract_text(upload) -> str:
    """The readable text of a PDF, DOCX or text attachment; "" for anything else or a broken file."""
    path = content_path(upload.file.sha256)
    try:
        return extract_bytes(path.read_bytes(), upload.file.content_type)
    except (
        Exception
    ):  # a damaged attachment must not stop the editor; it is logged and shown as text-less
        log.warning("could not extract text from upload %s", upload.pk, exc_info=True)
    return ""


def extract_bytes(data: bytes, content_type: str) -> str:
    """The readable text of file content of `content_type`; raises on a broken file."""
    if content_type == PDF:
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    if content_type == DOCX:
        import mammoth

        return mammoth.extract_raw_text(io.BytesIO(data)).value
    if content_type == TEXT:
        decoded = _decode_text(data)
        return decoded[0] if decoded else ""
    return ""


def _decode_text(data: bytes) -> tuple[str, str] | None:
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


# ---------------------------------------------------------------- masking


def masked_name(name: str) -> str:
    """通知.pdf -> 通知（已遮盖）.pdf (stored as 通知(已遮盖).pdf: upload names are NFKC-normalised)"""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    if not unicodedata.normalize("NFKC", stem).endswith(
        unicodedata.normalize("NFKC", MASKED_SUFFIX)
    ):
        stem += MASKED_SUFFIX
    return f"{stem}.{ext}" if dot else stem


def mask_attachment(upload, *, actor, text: str):
    """A masked copy of an attachment, or the attachment itself when its text has nothing to mask.

    The copy is checked by extracting its text again: personal information the file still
    shows (a scan, hex-encoded or CID-font text in a PDF) refuses the masking rather than
    publishing a file that only looks masked.
    """
    from gongkai.core.actions import store_upload

    if not scan(text or ""):
        return upload
    kind = upload.file.content_type
    refused = InvalidInput(
        _(
            "附件“%(name)s”中的个人信息无法自动遮盖，请上传已处理的文件，或请审核人员说明理由后放行。"
        )
        % {"name": upload.name},
        "attachments",
    )
    maskers = {TEXT: _mask_text, DOCX: _mask_docx, PDF: _mask_pdf}
    if kind not in maskers:
        raise refused
    original = content_path(upload.file.sha256).read_bytes()
    try:
        masked = maskers[kind](original)
        remaining = scan(extract_bytes(masked, kind))
    except Exception as exc:  # a file we cannot rewrite is refused, with the reason logged
        log.warning("could not mask upload %s", upload.pk, exc_info=True)
        raise refused from exc
    if remaining:
        raise refused
    source = io.BytesIO(masked)
    source.name = masked_name(upload.name)
    return store_upload(actor=actor, checked=check_upload(source, allowed={kind}))


def _mask_text(data: bytes) -> bytes:
    decoded = _decode_text(data)
    if decoded is None:
        raise ValueError("text in an unknown encoding")
    text, encoding = decoded
    return mask(text).encode(encoding)


# DOCX: text lives in <w:t> (and <w:delText> for tracked deletions) inside <w:p> paragraphs.
# Word splits a number over several runs whenever formatting, spelling marks or revision ids
# change, so each paragraph is scanned as a whole.
DOCX_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml")
DOCX_TOKEN = re.compile(
    rb"<w:p(?=[\s>/])[^>]*?/>"  # an empty paragraph
    rb"|(?P<open><w:p(?=[\s>])[^>]*>)"
    rb"|(?P<close></w:p>)"
    rb"|<w:(?:t|delText)(?=[\s>])[^>]*>(?P<text>[^<]*)</w:(?:t|delText)>"
)


def _mask_docx(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        # Entries are copied in their order: type detection looks at the first few names.
        for info in source.infolist():
            content = source.read(info)
            if DOCX_PARTS.fullmatch(info.filename):
                content = _mask_docx_part(content)
            target.writestr(info, content)
    return out.getvalue()


def _mask_docx_part(xml: bytes) -> bytes:
    """Mask every paragraph of one XML part, keeping its runs (masking keeps the length)."""
    edits: list[tuple[int, int, bytes]] = []
    stack: list[
        list[tuple[int, int, str]]
    ] = []  # open paragraphs, innermost last (text boxes nest)
    for token in DOCX_TOKEN.finditer(xml):
        if token.group("open"):
            stack.append([])
        elif token.group("close"):
            if stack:
                edits += _mask_paragraph(stack.pop())
        elif token.group("text") is not None and stack:
            start, end = token.span("text")
            stack[-1].append((start, end, html.unescape(token.group("text").decode("utf-8"))))
    for start, end, replacement in sorted(edits, reverse=True):
        xml = xml[:start] + replacement + xml[end:]
    return xml


def _mask_paragraph(nodes: list[tuple[int, int, str]]) -> list[tuple[int, int, bytes]]:
    joined = "".join(text for _s, _e, text in nodes)
    masked = mask(joined)
    if masked == joined:
        return []
    pieces = []
    if len(masked) == len(joined):
        offset = 0
        for _s, _e, text in nodes:
            pieces.append(masked[offset : offset + len(text)])
            offset += len(text)
    else:  # not expected (masking keeps the length), but the text must still be masked
        pieces = [masked] + [""] * (len(nodes) - 1)
    return [
        (start, end, html.escape(piece, quote=False).encode("utf-8"))
        for (start, end, text), piece in zip(nodes, pieces, strict=True)
        if piece != text
    ]


# PDF: text-showing operators and where their strings are among the operands.
PDF_TEXT_OPERATORS = {b"Tj": 0, b"'": 0, b'"': 2, b"TJ": 0}
PDF_DIGITS = b"0123456789Xx"


def _mask_pdf(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    findings = scan(extract_bytes(data, PDF))
    targets = {_digits(f.text): _digits(f.masked) for f in findings}
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        content = page.get_contents()
        if content is not None and _mask_pdf_content(content, targets):
            page.replace_contents(content)
        _mask_pdf_forms(page.get("/Resources"), writer, targets, seen=set())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _digits(text: str) -> bytes:
    return "".join(c for c in text if c.isdigit() or c in "Xx*").encode("ascii")


def _mask_pdf_forms(resources, writer, targets: dict[bytes, bytes], seen: set) -> None:
    """Text drawn by form XObjects (letterheads, stamps, pasted pages) is masked too."""
    from pypdf.generic import ContentStream

    resources = resources.get_object() if resources is not None else None
    xobjects = resources.get("/XObject") if resources else None
    if not xobjects:
        return
    for ref in xobjects.get_object().values():
        form = ref.get_object()
        if form.get("/Subtype") != "/Form" or id(form) in seen:
            continue
        seen.add(id(form))
        content = ContentStream(form, writer)
        if _mask_pdf_content(content, targets):
            form.set_data(content.get_data())
        _mask_pdf_forms(form.get("/Resources"), writer, targets, seen)


def _mask_pdf_content(content, targets: dict[bytes, bytes]) -> bool:
    """Star the digits of each found number in the content's literal strings, in place.

    A number may be split over several strings (kerning in TJ arrays, one Tj per run), so
    the digits of all strings are searched as one sequence. Strings in fonts whose codes are
    not ASCII digits (CID fonts, custom encodings) are not found here; the re-extraction
    afterwards then refuses the file.
    """
    from pypdf.generic import ArrayObject, ByteStringObject, TextStringObject, create_string_object

    strings: list[tuple[list, int, bytearray]] = []  # (container, index, bytes)
    for operands, operator in content.operations:
        if operator not in PDF_TEXT_OPERATORS or len(operands) <= PDF_TEXT_OPERATORS[operator]:
            continue
        index = PDF_TEXT_OPERATORS[operator]
        value = operands[index]
        containers = (
            [(value, i) for i in range(len(value))]
            if isinstance(value, ArrayObject)
            else [(operands, index)]
        )
        for container, i in containers:
            item = container[i]
            if isinstance(item, TextStringObject):
                strings.append((container, i, bytearray(item.original_bytes)))
            elif isinstance(item, ByteStringObject):
                strings.append((container, i, bytearray(item)))
    positions = [
        (n, j)
        for n, (_c, _i, raw) in enumerate(strings)
        for j, b in enumerate(raw)
        if b in PDF_DIGITS
    ]
    sequence = bytes(strings[n][2][j] for n, j in positions)
    changed: set[int] = set()
    for number, masked in targets.items():
        start = sequence.find(number)
        while start != -1:
            for offset, byte in enumerate(masked):
                n, j = positions[start + offset]
                strings[n][2][j] = byte
                changed.add(n)
            start = sequence.find(number, start + len(number))
    for n in changed:
        container, i, raw = strings[n]
        container[i] = create_string_object(bytes(raw))
    if changed:
        content.operations = content.operations  # serialise the edited operations again
    return bool(changed)
