"""告知书: reply notices per outcome, editable templates, correction and extension notices."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from gongkai.core import actions as core_actions
from gongkai.core.errors import InvalidInput
from gongkai.core.files import check_bytes, sanitise_name
from gongkai.disclosure import notices
from gongkai.disclosure.models import DisclosureRequest, NoticeTemplate
from gongkai.disclosure.rules import OUTCOME_CHOICES, OUTCOME_GROUPS

pytestmark = pytest.mark.django_db
ID_NUMBER = "11010519491231002X"
REPLY_DAY = date(2025, 11, 20)
REMEDY_START = "如对本答复不服，可以自收到本告知书之日起六十日内向示范县人民政府申请行政复议"


def text_of(pdf: bytes) -> str:
    """All the PDF's text with whitespace removed (reportlab breaks lines anywhere in CJK)."""
    reader = PdfReader(io.BytesIO(pdf))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def compact(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def request_(county):
    """An application to the 民政局, received 2025-10-30."""
    return DisclosureRequest.objects.create(
        number="2025-00012",
        query_code_hash="0" * 64,
        department=county.dept["MZJ"],
        channel="online",
        received_on=date(2025, 10, 30),
        applicant_type="natural",
        applicant_name="张<三>&",
        id_type="resident_id",
        id_number=ID_NUMBER,
        id_number_index="1" * 64,
        phone="13800138000",
        info_title="2025年度城乡低保资金分配情况",
        info_description="各乡镇低保资金的分配明细。",
        requested_form="electronic",
        delivery="email",
        email="a@example.cn",
    )


# What the outcomes that need more than a text are replied with (the reply action requires it).
REQUIRED_BY_OUTCOME = {
    "3.8": {"special_procedure": "依照《不动产登记资料查询暂行办法》向县不动产登记中心申请查询"},
    "6.3": {"legal_basis": "《中华人民共和国档案法》第二十八条"},
}


def replied(request, outcome: str, **fields) -> DisclosureRequest:
    request.outcome = outcome
    request.reply_text = fields.pop("reply_text", "具体答复见附件。")
    request.withheld = fields.pop("withheld", "")
    fields = {**REQUIRED_BY_OUTCOME.get(outcome, {}), **fields}
    for name, value in fields.items():
        setattr(request, name, value)
    request.finished_on = REPLY_DAY
    request.save()
    return request


@pytest.mark.parametrize("outcome", [code for code, _label in OUTCOME_CHOICES])
def test_every_outcome_gets_a_reply_notice_with_its_label_and_the_remedy(request_, outcome):
    request = replied(request_, outcome, withheld="第三部分涉及个人隐私，依第十五条不予公开。")
    name, pdf = notices.reply_notice(request, on=REPLY_DAY)
    text = text_of(pdf)
    assert name == "答复告知书-2025-00012.pdf"
    assert "张<三>&" in text
    assert "2025-00012" in text
    assert "〔2025〕第00012号" in text
    assert compact(request.department.name) in text
    assert "政府信息公开申请答复告知书" in text
    assert "2025年10月30日" in text and "2025年11月20日" in text
    values = notices.reply_values(request, on=REPLY_DAY)
    # Art. 36 (七): a 3.8 notice tells the procedure to follow and does not read as a refusal
    # (test_disclosure_replies.py).
    if outcome != "6" and not outcome.startswith("6.") and outcome != "3.8":
        assert values["outcome_label"] in text
    if "." in outcome:
        assert values["reason_label"] and compact(values["reason_label"]) in text
    assert compact(values["legal_basis"]) in text
    assert REMEDY_START in text
    assert "六个月内向人民法院提起行政诉讼" in text
    assert ID_NUMBER not in text


def test_the_notice_passes_the_upload_checks_under_its_own_name(request_):
    name, pdf = notices.reply_notice(replied(request_, "1"), on=REPLY_DAY)
    assert sanitise_name(name) == name
    checked = check_bytes(name, pdf)
    assert checked.content_type == "application/pdf"


def test_the_same_notice_gives_the_same_bytes(request_):
    request = replied(request_, "3.4")
    assert notices.reply_notice(request, on=REPLY_DAY) == notices.reply_notice(
        request, on=REPLY_DAY
    )


def test_partial_disclosure_states_what_is_withheld_and_why(request_):
    request = replied(request_, "2", withheld="涉及第三方商业秘密的报价部分")
    text = text_of(notices.reply_notice(request, on=REPLY_DAY)[1])
    assert "部分公开" in text
    assert "不予公开的内容及理由：涉及第三方商业秘密的报价部分" in text
    assert "第三十七条" in text


def test_a_refusal_cites_the_article_of_its_reason(request_):
    text = text_of(notices.reply_notice(replied(request_, "3.1"), on=REPLY_DAY)[1])
    assert "属于国家秘密" in text
    assert "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项" in text


def test_information_already_published_gives_its_address_and_article_36_1(request_, settings):
    settings.SITE_URL = "https://www.example.gov.cn/"
    request = replied(request_, "1")
    # The address kept with the reference when the reply was made: the notice prints it.
    request.published_reference = "000000000/2025-00042"
    request.published_title = "2025年度县政府工作报告"
    request.published_url = "/xxgk/items/4242/"
    text = text_of(notices.reply_notice(request, on=REPLY_DAY)[1])
    assert "https://www.example.gov.cn/xxgk/items/4242/" in text
    assert "第三十六条第（一）项" in text


def test_a_fee_is_stated_on_the_reply(request_):
    text = text_of(notices.reply_notice(replied(request_, "1", fee_amount=100), on=REPLY_DAY)[1])
    assert "信息处理费100元" in text


def test_a_saved_template_replaces_the_default(request_):
    NoticeTemplate.objects.create(
        outcome_group="1",
        body="{applicant_name}：您的申请{number}已办结（{outcome_label}）。{reply_text}",
        remedy="不服的，可向{review_body}申请复议（自定义救济）。",
    )
    assert notices.template_for("1")[0].startswith("{applicant_name}：您的申请")
    text = text_of(notices.reply_notice(replied(request_, "1"), on=REPLY_DAY)[1])
    assert "您的申请2025-00012已办结（予以公开）" in text
    assert "不服的，可向示范县人民政府申请复议（自定义救济）。" in text
    assert REMEDY_START not in text
    # Other groups keep the default.
    assert notices.template_for("3") == notices.default_template("3")


def test_a_template_broken_behind_the_actions_back_falls_back_to_the_default(request_):
    NoticeTemplate.objects.create(outcome_group="1", body="{oops}", remedy="{review_body")
    text = text_of(notices.reply_notice(replied(request_, "1"), on=REPLY_DAY)[1])
    assert "经审查" in text and REMEDY_START in text


def test_every_default_template_passes_its_own_check():
    assert set(notices.TEMPLATE_GROUPS) == {g.code for g in OUTCOME_GROUPS} | set(
        notices.SPECIAL_TEMPLATES
    )
    for group in notices.TEMPLATE_GROUPS:
        body, remedy = notices.default_template(group)
        notices.check_template(body)
        notices.check_template(remedy)


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("{applicant_name}：{unknown}", "{unknown}"),
        ("{number.__class__}", "{number.__class__}"),
        ("{}", "{}"),
        ("{number!r}", "{number}"),
        ("{number:>20}", "{number}"),
    ],
)
def test_check_template_names_a_placeholder_it_refuses(body, named):
    with pytest.raises(InvalidInput) as refused:
        notices.check_template(body)
    assert refused.value.field == "body"
    assert named in refused.value.message


@pytest.mark.parametrize("body", ["{", "申请人{applicant_name", "}", "{{applicant_name}"])
def test_check_template_refuses_broken_braces(body):
    with pytest.raises(InvalidInput) as refused:
        notices.check_template(body, field="remedy")
    assert refused.value.field == "remedy"
    assert "花括号" in refused.value.message


def test_check_template_accepts_escaped_braces():
    # A template the check refused would be replaced by the default here.
    filled = notices._fill("{{附件}}{applicant_name}", "默认", {"applicant_name": "王小明"}, "1")
    assert filled == "{附件}王小明"


def test_correction_notice_lists_every_item_and_the_deadline(request_):
    name, pdf = notices.correction_notice(
        request_,
        items="请提供身份证明复印件\n请明确所需信息的形成时间",
        on=date(2025, 11, 3),
        deadline=date(2025, 11, 24),
    )
    text = text_of(pdf)
    assert name == "补正告知书-2025-00012.pdf"
    check_bytes(name, pdf)
    assert "政府信息公开申请补正告知书" in text
    assert "1.请提供身份证明复印件" in text and "2.请明确所需信息的形成时间" in text
    assert "请于2025年11月24日之前（含当日）" in text
    assert "视为放弃申请" in text
    assert "2025年11月3日" in text
    assert ID_NUMBER not in text


def test_extension_notice_gives_the_days_and_the_new_due_date(request_):
    request_.reply_clock = core_actions.start_clock(
        actor=None, purpose="答复期限", start=request_.received_on, days=20
    )
    request_.save(update_fields=["reply_clock"])
    core_actions.extend_clock(actor=None, clock=request_.reply_clock, days=15, reason="需调取档案")
    request_.reply_clock.refresh_from_db()
    due = request_.reply_clock.due_date
    name, pdf = notices.extension_notice(
        request_, days=15, reason="需调取历年档案", on=date(2025, 11, 20)
    )
    text = text_of(pdf)
    assert name == "延期答复告知书-2025-00012.pdf"
    check_bytes(name, pdf)
    assert "政府信息公开申请延期答复告知书" in text
    assert "因需调取历年档案" in text
    assert "第三十三条第二款" in text
    assert "答复期限延长15个工作日" in text
    assert f"将于{notices.format_day(due)}之前" in text
    assert "2025年11月20日" in text


def test_dates_are_written_the_chinese_way():
    assert notices.format_day(date(2025, 1, 5)) == "2025年1月5日"
