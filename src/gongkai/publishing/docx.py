"""Word (DOCX) documents into the portal's sanitised HTML: headings, lists, tables and bold survive."""

from __future__ import annotations

import logging

import mammoth
from django.utils.translation import gettext as _

from gongkai.core.errors import InvalidInput
from gongkai.core.files import check_upload
from gongkai.publishing.extract import DOCX
from gongkai.publishing.html import sanitise

log = logging.getLogger(__name__)

# The page's own title is the <h1>, so Word's headings start at <h2>. Word keeps the English
# names of built-in styles even in Chinese; WPS and hand-made templates use Chinese names.
# mammoth compares style names without regard to case.
HEADING_LEVELS = {1: "h2", 2: "h3", 3: "h4", 4: "h5", 5: "h5", 6: "h5"}
STYLE_MAP = "\n".join(
    [
        "p[style-name='Title'] => h2:fresh",
        "p[style-name='标题'] => h2:fresh",
    ]
    + [
        f"p[style-name='{name} {level}'] => {tag}:fresh"
        for level, tag in HEADING_LEVELS.items()
        for name in ("heading", "标题")
    ]
    + [f"p.Heading{level} => {tag}:fresh" for level, tag in HEADING_LEVELS.items()]
)


def _no_image(image) -> dict:
    # Pictures are attachments, not body text: dropping them here avoids reading them into
    # data: URLs that the sanitiser would remove anyway.
    return {}


def docx_to_html(fileobj) -> str:
    """Sanitised HTML of an uploaded Word document; refuses anything that is not a DOCX."""
    try:
        check_upload(fileobj, allowed={DOCX})
    except InvalidInput as refused:
        raise InvalidInput(
            _("请上传 Word 文档（.docx）：%(reason)s") % {"reason": refused.message}, "docx"
        ) from refused
    fileobj.seek(0)
    try:
        result = mammoth.convert_to_html(
            fileobj,
            style_map=STYLE_MAP,
            include_embedded_style_map=False,
            convert_image=mammoth.images.img_element(_no_image),
        )
    except Exception as exc:  # a damaged or unusual file: the editor can still paste the text
        log.warning("could not convert a DOCX", exc_info=True)
        raise InvalidInput(
            _(
                "无法读取这个 Word 文档，文件可能已损坏。请在 Word 中另存为 .docx 后重试，或直接粘贴正文。"
            ),
            "docx",
        ) from exc
    return sanitise(result.value)
