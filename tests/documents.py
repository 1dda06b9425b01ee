"""Small real documents built by hand for tests: a PDF with text, a DOCX with runs."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape


def pdf_escape(text: str) -> bytes:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")


def make_pdf(*lines: str | bytes, encoding: bytes = b"/WinAnsiEncoding") -> bytes:
    """A one-page PDF in Helvetica, one text line per argument, with correct xref offsets.

    A `str` line becomes `(line) Tj`; a `bytes` line is put into the content stream as it
    is (for TJ arrays, hex strings and other operators). `encoding` is the font's /Encoding.
    """
    ops = [b"BT /F1 12 Tf 72 720 Td 14 TL"]
    for line in lines:
        ops.append(line if isinstance(line, bytes) else b"(" + pdf_escape(line) + b") Tj")
        ops.append(b"T*")
    ops.append(b"ET")
    stream = b"\n".join(ops)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding " + encoding + b" >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n" % (len(objects) + 1))
    out.write(b"0000000000 65535 f \n")
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


# Letters drawn as digits: text a reader shows (and extracts) as numbers, stored as a..j.
DIGITS_AS_LETTERS = (
    b"<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences "
    b"[97 /zero /one /two /three /four /five /six /seven /eight /nine] >>"
)


def as_letters(digits: str) -> str:
    return "".join(chr(ord("a") + int(d)) if d.isdigit() else d for d in digits)


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    "</Relationships>"
)
DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/>'
    "</Relationships>"
)
# Chinese Word: built-in heading styles keep English names; WPS writes Chinese ones.
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<w:styles xmlns:w="{W}">'
    '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="标题 1"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="a4"><w:name w:val="标题 2"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="List Paragraph"/></w:style>'
    "</w:styles>"
)


def run(text: str, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*runs: str, style: str = "", numbered: bool = False) -> str:
    props = ""
    if style or numbered:
        inner = f'<w:pStyle w:val="{style}"/>' if style else ""
        if numbered:
            inner += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
        props = f"<w:pPr>{inner}</w:pPr>"
    return f"<w:p>{props}{''.join(runs)}</w:p>"


def table(rows: list[list[str]]) -> str:
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc>{para(run(cell))}</w:tc>" for cell in row) + "</w:tr>"
        for row in rows
    )
    return f"<w:tbl>{cells}</w:tbl>"


NUMBERING = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<w:numbering xmlns:w="{W}">'
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl>'
    "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    "</w:numbering>"
)


R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def link(text: str, target_id: str) -> str:
    """A hyperlink to the external target registered as `target_id` in make_docx(links=...)."""
    return f'<w:hyperlink r:id="{target_id}">{run(text)}</w:hyperlink>'


def make_docx(*blocks: str, header: str = "", links: dict[str, str] | None = None) -> bytes:
    """A minimal but valid DOCX whose body is `blocks` (from `para` / `table`)."""
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{"".join(blocks)}</w:body></w:document>'
    )
    content_types = CONTENT_TYPES.replace(
        "</Types>",
        '<Override PartName="/word/numbering.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
        + (
            '<Override PartName="/word/header1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
            if header
            else ""
        )
        + "</Types>",
    )
    rels = DOCUMENT_RELS.replace(
        "</Relationships>",
        '<Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" '
        'Target="numbering.xml"/>'
        + "".join(
            f'<Relationship Id="{rid}" TargetMode="External" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
            f'Target="{escape(target)}"/>'
            for rid, target in (links or {}).items()
        )
        + "</Relationships>",
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as docx:
        docx.writestr("[Content_Types].xml", content_types)
        docx.writestr("_rels/.rels", ROOT_RELS)
        docx.writestr("word/document.xml", document)
        docx.writestr("word/_rels/document.xml.rels", rels)
        docx.writestr("word/styles.xml", STYLES)
        docx.writestr("word/numbering.xml", NUMBERING)
        if header:
            docx.writestr(
                "word/header1.xml",
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:w="{W}">'
                f"{para(run(header))}</w:hdr>",
            )
    return out.getvalue()


def named(data: bytes, name: str) -> io.BytesIO:
    """A file object with a name, as check_upload wants."""
    source = io.BytesIO(data)
    source.name = name
    return source


def make_pdf_text(data: bytes) -> str:
    """The text pypdf reads from a PDF."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
