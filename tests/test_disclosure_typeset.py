"""Notices as printed: the 禁则 (no line starts with a closing mark), 您（单位） only to an
organisation, a free CJK font embedded (STSong-Light only as a fallback), and the GB/T
9704-2012 page (title centred in 2号, body in 3号, signature and date at the right)."""

import io
import itertools
from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from gongkai.core import typeset
from gongkai.disclosure import notices
from gongkai.disclosure.models import DisclosureRequest

pytestmark = pytest.mark.django_db
REPLY_DAY = date(2025, 11, 20)
CLOSING = "，。：；）》、"
OPENING = "（《“"


def pages(pdf: bytes):
    return PdfReader(io.BytesIO(pdf)).pages


def lines_of(pdf: bytes) -> list[str]:
    """The text lines as drawn, page by page (pypdf starts a line at each new y)."""
    return [
        "".join(line.split()) for page in pages(pdf) for line in page.extract_text().splitlines()
    ]


def runs_of(pdf: bytes) -> list[tuple[str, float, float, float]]:
    """(text, x, y, font size) of every string drawn on the first page."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((text, tm[4] + cm[4], tm[5] + cm[5], size))

    pages(pdf)[0].extract_text(visitor_text=visit)
    return found


def tricky_text() -> str:
    """Closing marks after runs of every length, so that one falls at every column."""
    parts = [
        "依申请" * (n // 3) + "公开"[: n % 3] + CLOSING[n % len(CLOSING)] for n in range(1, 40)
    ]
    return "".join(parts) + "见《政府信息公开条例》（2019年修订）。"


@pytest.fixture
def request_(county):
    def make(applicant_type="natural", **fields):
        values = {
            "number": "2025-00012",
            "query_code_hash": "0" * 64,
            "department": county.dept["MZJ"],
            "channel": "online",
            "received_on": date(2025, 10, 30),
            "applicant_type": applicant_type,
            "applicant_name": "张三" if applicant_type == "natural" else "某某律师事务所",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
            "id_number_index": "1" * 64,
            "phone": "13800138000",
            "info_title": "2025年度城乡低保资金分配情况",
            "info_description": "各乡镇低保资金的分配明细。",
            "requested_form": "electronic",
            "delivery": "email",
            "outcome": "1",
            "reply_text": "具体答复见附件。",
            "finished_on": REPLY_DAY,
        }
        values.update(fields)
        return DisclosureRequest.objects.create(**values)

    return make


# ---------------------------------------------------------------- 禁则


@pytest.mark.parametrize("chars", range(5, 31))
def test_no_line_starts_with_a_closing_mark_at_any_measure(chars):
    text = tricky_text()
    lines = typeset.break_lines(text, chars * 10, lambda ch: 10 if ord(ch) > 0x2E80 else 5)
    assert "".join(lines) == text
    for line in lines[1:]:
        assert line[0] not in CLOSING, (chars, line)
    for line in lines[:-1]:
        assert len(line) == 1 or line[-1] not in OPENING, (chars, line)


def test_a_short_number_is_not_cut_but_a_long_address_is():
    measure = lambda ch: 10  # noqa: E731
    assert typeset.break_lines("收到申请编号2025-00012", 100, measure) == [
        "收到申请编号2025",
        "-00012",
    ]
    url = "https://www.example.gov.cn/xxgk/items/4242/"
    lines = typeset.break_lines(url, 100, measure)
    assert "".join(lines) == url and len(lines) > 3


def test_no_line_of_a_notice_starts_with_a_closing_mark(request_):
    request = request_(reply_text=tricky_text())
    _name, pdf = notices.reply_notice(request, on=REPLY_DAY)
    lines = lines_of(pdf)
    assert len(lines) > 20
    starts = [line for line in lines if line and line[0] in CLOSING]
    assert starts == []
    assert "见《政府信息公开条例》（2019年修订）。" in "".join("".join(lines).split())


# ---------------------------------------------------------------- 您（单位）


def test_a_natural_person_is_addressed_as_you_an_organisation_as_you_unit(request_, county):
    person = request_()
    text = "".join(lines_of(notices.reply_notice(person, on=REPLY_DAY)[1]))
    assert "收到您提出的政府信息公开申请" in text
    assert "您（单位）" not in text
    organisation = request_(
        applicant_type="legal_service",
        number="2025-00013",
        id_type="credit_code",
        id_number="91350100M000100Y43",
    )
    text = "".join(lines_of(notices.reply_notice(organisation, on=REPLY_DAY)[1]))
    assert "收到您（单位）提出的政府信息公开申请" in text
    assert notices.addressed("请您（单位）补正。", person) == "请您补正。"


def test_the_correction_and_extension_notices_address_a_person_as_you(request_):
    request = request_(outcome="", finished_on=None)
    _n, pdf = notices.correction_notice(
        request, items="写明文号", on=date(2025, 11, 3), deadline=date(2025, 11, 20)
    )
    assert "您（单位）" not in "".join(lines_of(pdf))


# ---------------------------------------------------------------- the font


def test_the_notice_embeds_a_free_cjk_font(request_):
    _name, pdf = notices.reply_notice(request_(), on=REPLY_DAY)
    fonts = pages(pdf)[0]["/Resources"]["/Font"]
    embedded = []
    for font in fonts.values():
        font = font.get_object()
        descriptor = font.get("/FontDescriptor")
        if descriptor is not None and "/FontFile2" in descriptor.get_object():
            embedded.append(str(font["/BaseFont"]))
    assert embedded, "no embedded TrueType font"
    assert all("STSong" not in str(f.get_object()["/BaseFont"]) for f in fonts.values())
    # The same notice still gives the same bytes.
    assert (
        notices.reply_notice(request_(number="2025-00014"), on=REPLY_DAY)[1]
        == (
            notices.reply_notice(DisclosureRequest.objects.get(number="2025-00014"), on=REPLY_DAY)[
                1
            ]
        )
    )


def test_without_a_cjk_font_on_the_system_stsong_is_the_fallback(monkeypatch, tmp_path):
    not_a_font = tmp_path / "broken.ttf"
    not_a_font.write_bytes(b"not a font")
    monkeypatch.setattr(typeset, "_font", None)
    monkeypatch.setattr(typeset, "_font_file", typeset._font_file)  # restored afterwards
    monkeypatch.setattr(typeset, "_candidates", lambda: [str(not_a_font)])
    assert typeset.cjk_font() == "STSong-Light"
    assert not typeset.is_embedded()


def test_a_configured_font_file_comes_first(monkeypatch, settings):
    path = typeset.font_file()  # the free font found on this system (CI: wqy-microhei)
    assert path
    settings.PDF_CJK_FONT = path
    monkeypatch.setattr(typeset, "_font", None)
    monkeypatch.setattr(typeset, "_font_file", path)  # restored afterwards
    monkeypatch.setattr(typeset, "KNOWN_FONTS", ())
    monkeypatch.setattr(typeset, "_fc_match", lambda: "")
    assert typeset._candidates() == [path]
    assert typeset.cjk_font() == typeset.EMBEDDED_FONT
    assert typeset.font_file() == path


# ---------------------------------------------------------------- GB/T 9704-2012


def test_the_page_follows_gb_t_9704(request_):
    request = request_(reply_text="具体答复见附件。" * 10)
    _name, pdf = notices.reply_notice(request, on=REPLY_DAY)
    runs = runs_of(pdf)
    font = typeset.cjk_font()
    em = 16  # 3号
    left, right = typeset.PAGE_LEFT, typeset.PAGE_LEFT + typeset.TEXT_WIDTH
    title = next(r for r in runs if r[0] == notices.REPLY_TITLE)
    assert title[3] == 22  # 2号
    width = pdfmetrics.stringWidth(title[0], font, 22)
    assert abs((title[1] - left) - (right - title[1] - width)) < 1  # centred
    opening = next(r for r in runs if r[0].startswith("本机关于"))
    assert opening[3] == em
    assert abs(opening[1] - (left + 2 * em)) < 0.5  # indented two characters
    # A line of full-width characters holds 28 of them (5.2.3), from edge to edge.
    full = [r for r in runs if r[0].startswith("体答复") or r[0].startswith("答复见")]
    assert full and all(len(r[0]) == 28 for r in full[:-1])
    salutation = next(r for r in runs if r[0] == "张三：")
    assert abs(salutation[1] - left) < 0.5  # 主送机关 flush left
    date_run = next(r for r in runs if r[0] == "2025年11月20日")
    agency_run = [r for r in runs if r[0] == "县民政局"][-1]  # the signature
    assert date_run[2] < agency_run[2]  # the date on the line under the signature
    date_end = date_run[1] + pdfmetrics.stringWidth(date_run[0], font, em)
    assert abs(date_end - (right - 2 * em)) < 1  # 右空二字
    assert abs(date_run[1] - agency_run[1] - 2 * em) < 1  # 首字右移二字


@pytest.mark.parametrize("n", [1, 2])
def test_pages_are_numbered_and_the_signature_never_stands_alone(request_, n):
    text = "具体答复见附件。" * (60 * n)
    _name, pdf = notices.reply_notice(request_(reply_text=text), on=REPLY_DAY)
    found = pages(pdf)
    assert len(found) >= n
    for number, page in enumerate(found, 1):
        assert f"— {number} —" in page.extract_text()
    last = found[-1].extract_text()
    assert "2025年11月20日" in last and "行政复议" in last


def test_every_combination_of_marks_keeps_the_text_whole():
    marks = CLOSING + OPENING
    for a, b in itertools.product(marks, repeat=2):
        text = "政府信息" * 3 + a + b + "公开" * 5
        for chars in range(3, 14):
            lines = typeset.break_lines(text, chars * 10, lambda ch: 10)
            assert "".join(lines) == text
