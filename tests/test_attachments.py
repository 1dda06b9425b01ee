"""Attachments: masking personal information in text, Word and PDF files, and Word into HTML."""

import io
import zipfile

import mammoth
import pytest
from pypdf import PdfReader

from gongkai.core.actions import store_upload
from gongkai.core.errors import InvalidInput
from gongkai.core.files import check_upload, content_path
from gongkai.core.models import Upload
from gongkai.core.pii import id_check_char
from gongkai.publishing import actions
from gongkai.publishing.actions import ItemData
from gongkai.publishing.docx import docx_to_html
from gongkai.publishing.extract import extract_text, mask_attachment
from gongkai.publishing.pii_gate import scan_revision
from tests.documents import (
    DIGITS_AS_LETTERS,
    as_letters,
    link,
    make_docx,
    make_pdf,
    make_pdf_text,
    named,
    para,
    run,
    table,
)

pytestmark = pytest.mark.django_db

MOBILE = "13812345678"
MASKED_MOBILE = "138****5678"
ID_NUMBER = "51010519900307" + "123" + id_check_char("51010519900307123")


def stored(editor, data: bytes, name: str) -> Upload:
    return store_upload(actor=editor, checked=check_upload(named(data, name)))


def masked(editor, data: bytes, name: str) -> tuple[Upload, Upload]:
    upload = stored(editor, data, name)
    return upload, mask_attachment(upload, actor=editor, text=extract_text(upload))


def content(upload: Upload) -> bytes:
    return content_path(upload.file.sha256).read_bytes()


@pytest.fixture
def editor(county):
    return county.user["editor"]


# ---------------------------------------------------------------- text


def test_it_returns_the_attachment_itself_when_its_text_has_nothing_to_mask(editor):
    upload = stored(editor, "会议纪要：无个人信息。".encode(), "纪要.txt")
    before = Upload.objects.count()
    assert mask_attachment(upload, actor=editor, text=extract_text(upload)) == upload
    assert Upload.objects.count() == before


def test_it_masks_a_text_file_into_a_new_upload_named_as_masked(editor):
    original, copy = masked(
        editor, f"联系电话：{MOBILE}\n身份证：{ID_NUMBER}\n".encode(), "名单.txt"
    )
    assert copy.pk != original.pk
    assert copy.name == "名单(已遮盖).txt"  # upload names are NFKC-normalised: （） -> ()
    text = content(copy).decode("utf-8")
    assert MASKED_MOBILE in text and MOBILE not in text
    assert ID_NUMBER not in text and "51*************" in text
    assert MOBILE in content(original).decode("utf-8"), "the original upload is kept as it was"


def test_it_keeps_the_encoding_of_a_gb18030_text_file(editor):
    _original, copy = masked(editor, f"联系电话：{MOBILE}".encode("gb18030"), "通知.txt")
    raw = content(copy)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert raw.decode("gb18030") == f"联系电话：{MASKED_MOBILE}"


# ---------------------------------------------------------------- Word


def test_it_masks_a_number_split_over_runs_keeping_the_runs(editor):
    docx = make_docx(
        para(run("联系电话：138"), run("1234", bold=True), run("5678，欢迎来电。")),
        para(run(f"身份证号：{ID_NUMBER}")),
        header=f"值班电话 {MOBILE}",
    )
    original = stored(editor, docx, "公示.docx")
    assert MOBILE in mammoth.extract_raw_text(io.BytesIO(docx)).value
    copy = mask_attachment(original, actor=editor, text=extract_text(original))
    text = extract_text(copy)
    assert f"联系电话：{MASKED_MOBILE}，欢迎来电。" in text
    assert MOBILE not in text and ID_NUMBER not in text
    with zipfile.ZipFile(io.BytesIO(content(copy))) as masked_docx:
        document = masked_docx.read("word/document.xml").decode()
        header = masked_docx.read("word/header1.xml").decode()
        names = masked_docx.namelist()
    assert '<w:b/></w:rPr><w:t xml:space="preserve">****</w:t>' in document
    assert MOBILE not in header and MASKED_MOBILE in header
    assert names[0] == "[Content_Types].xml"
    assert copy.file.content_type == original.file.content_type


def test_it_keeps_markup_characters_in_masked_word_text(editor):
    _original, copy = masked(editor, make_docx(para(run(f"A&B <公司> 电话 {MOBILE}"))), "a.docx")
    assert f"A&B <公司> 电话 {MASKED_MOBILE}" in extract_text(copy)


# ---------------------------------------------------------------- PDF


def test_the_hand_made_pdf_is_read_by_pypdf():
    assert MOBILE in PdfReader(io.BytesIO(make_pdf(f"Tel {MOBILE}"))).pages[0].extract_text()


def test_it_masks_a_pdf(editor):
    _original, copy = masked(editor, make_pdf(f"Tel {MOBILE}", f"ID {ID_NUMBER}"), "名单.pdf")
    text = make_pdf_text(content(copy))
    assert MASKED_MOBILE in text and MOBILE not in text
    assert ID_NUMBER not in text
    assert copy.name == "名单(已遮盖).pdf" and copy.file.content_type == "application/pdf"


def test_it_masks_a_number_split_over_kerned_strings_and_hex_strings_in_a_pdf(editor):
    pdf = make_pdf(
        b"[(Tel 138) -20 (1234) 50 (5678)] TJ",
        b"<" + b"Fax 13912345678".hex().encode() + b"> Tj",
    )
    _original, copy = masked(editor, pdf, "a.pdf")
    text = make_pdf_text(content(copy))
    assert "Tel 138****5678" in text and "Fax 139****5678" in text


def test_it_refuses_a_pdf_whose_numbers_it_cannot_find_in_the_content(editor):
    """Glyphs drawn from other codes (CID and subset fonts do this) only look like digits."""
    pdf = make_pdf("TEL " + as_letters(MOBILE), encoding=DIGITS_AS_LETTERS)
    upload = stored(editor, pdf, "扫描件.pdf")
    assert MOBILE in extract_text(upload)
    before = Upload.objects.count()
    with pytest.raises(InvalidInput) as refused:
        mask_attachment(upload, actor=editor, text=extract_text(upload))
    assert refused.value.field == "attachments"
    assert refused.value.message == (
        "附件“扫描件.pdf”中的个人信息无法自动遮盖，请上传已处理的文件，或请审核人员说明理由后放行。"
    )
    assert Upload.objects.count() == before


def test_it_refuses_a_picture_it_cannot_rewrite(editor):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    upload = stored(editor, png, "照片.png")
    with pytest.raises(InvalidInput):
        mask_attachment(upload, actor=editor, text=f"电话 {MOBILE}")


def test_one_click_masking_replaces_the_attachments_of_the_new_revision(editor, county):
    column = actions.create_column(
        actor=None, name="农业农村", slug="nyj-fj", department=county.dept["NYJ"]
    )
    attachment = stored(editor, make_pdf(f"Tel {MOBILE}"), "补贴名单.pdf")
    item = actions.create_item(
        actor=editor,
        column=column,
        data=ItemData(title="补贴发放公示", body="<p>见附件。</p>", attachments=[attachment]),
    )
    assert scan_revision(item.latest_revision)
    revision = actions.mask_personal_info(actor=editor, item=item)
    assert scan_revision(revision) == []
    [link_] = revision.attachment_links.select_related("upload")
    assert link_.upload.name == "补贴名单(已遮盖).pdf"
    assert MASKED_MOBILE in link_.text


# ---------------------------------------------------------------- Word into HTML


def test_word_headings_tables_lists_and_bold_survive_the_conversion():
    docx = make_docx(
        para(run("一、总体要求"), style="1"),
        para(run("（一）工作目标"), style="2"),
        para(run("二、WPS 的标题"), style="a3"),
        para(run("（二）WPS 的二级标题"), style="a4"),
        para(run("重点", bold=True), run("工作")),
        para(run("第一项"), style="a5", numbered=True),
        para(run("第二项"), style="a5", numbered=True),
        table([["项目", "数量"], ["主动公开", "12"]]),
    )
    html = docx_to_html(named(docx, "方案.docx"))
    assert "<h2>一、总体要求</h2>" in html and "<h3>（一）工作目标</h3>" in html
    assert "<h2>二、WPS 的标题</h2>" in html and "<h3>（二）WPS 的二级标题</h3>" in html
    assert "<strong>重点</strong>工作" in html
    assert "<ol><li>第一项</li><li>第二项</li></ol>" in html
    assert "<table>" in html and "<td><p>主动公开</p></td>" in html


def test_word_conversion_leaves_no_script_and_no_javascript_link():
    docx = make_docx(
        para(run("<script>alert(1)</script>")),
        para(link("点击", "rId9"), link("中国政府网", "rId10")),
        links={"rId9": "javascript:alert(1)", "rId10": "https://www.gov.cn/"},
    )
    html = docx_to_html(named(docx, "a.docx"))
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "javascript:" not in html
    assert '<a href="https://www.gov.cn/"' in html


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"just text", "a.docx"), (make_pdf("x"), "a.pdf"), (make_pdf("x"), "a.docx")],
)
def test_word_conversion_refuses_anything_that_is_not_a_docx(data, name):
    with pytest.raises(InvalidInput) as refused:
        docx_to_html(named(data, name))
    assert refused.value.field == "docx"
    assert "Word" in refused.value.message


def test_word_conversion_refuses_a_damaged_docx():
    docx = make_docx(para(run("正文")))
    broken = docx.replace(b"word/document.xml", b"word/documenx.xml")
    with pytest.raises(InvalidInput) as refused:
        docx_to_html(named(broken, "a.docx"))
    assert refused.value.field == "docx"
