"""The PDFs of 政务服务: the 明白卡 (every field of the guide on one A4 page, nothing ever
dropped), the notices of a case (受理, 不予受理, 一次性告知) and its decisions (the result
from the item's editable template, 不予许可 with the remedy), and the public card download."""

import io
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from gongkai.core import pagecache, typeset
from gongkai.core.errors import InvalidInput
from gongkai.core.remedy import review_body
from gongkai.services import documents
from gongkai.services.apps import PAGE_VERSION
from gongkai.services.models import (
    Case,
    CaseMaterial,
    FeeItem,
    Material,
    OneTimeNotice,
    ResultTemplate,
    ServiceItem,
    ServiceItemVersion,
)
from gongkai.services.rules import Audience, ItemType, MaterialForm, Necessity

pytestmark = pytest.mark.django_db
DECIDED = date(2025, 10, 30)
FOOTER_MARK = "实施清单第"


def pages(pdf: bytes):
    return PdfReader(io.BytesIO(pdf)).pages


def text_of(pdf: bytes) -> str:
    """The text drawn, without spaces or line breaks and without the card's footer lines."""
    lines = [
        line
        for page in pages(pdf)
        for line in page.extract_text().splitlines()
        if FOOTER_MARK not in line
    ]
    return "".join("".join(lines).split())


def squeezed(text: str) -> str:
    return "".join(text.split())


def embedded_fonts(pdf: bytes) -> list[str]:
    found = []
    for page in pages(pdf):
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                found.append(str(font["/BaseFont"]))
    return found


@pytest.fixture
def make_item(county):
    """A published item of 县农业农村局 with `materials` materials and `fees` fees."""

    def make(code="11510000MB0000005E4000111", *, materials=3, fees=1, publish=True, **fields):
        item = ServiceItem.objects.create(code=code, department=county.dept["NYJ"])
        values = {
            "item": item,
            "number": 1,
            "state": ServiceItemVersion.State.PUBLISHED,
            "name": "动物防疫条件合格证核发",
            "item_type": ItemType.LICENSING,
            "implementing_body": "县农业农村局",
            "legal_basis": "《中华人民共和国动物防疫法》第二十四条",
            "conditions": "场所的位置与居民生活区的距离符合规定。\n有与其规模相适应的污水处理设施。",
            "process": "申请\n受理\n审查\n决定\n送达",
            "legal_days": 20,
            "promised_days": 10,
            "visits": 1,
            "charges": fees > 0,
            "consult": "0838-1234567",
            "complaint": "0838-12345",
            "place": "县政务服务中心二楼农业窗口",
            "hours": "工作日上午9:00-12:00，下午13:30-17:00",
            "audience": Audience.ORGANISATION,
            "result_name": "动物防疫条件合格证",
            "published_at": datetime(2025, 10, 1, 2, tzinfo=UTC),
        }
        values.update(fields)
        version = ServiceItemVersion.objects.create(**values)
        for n in range(materials):
            Material.objects.create(
                version=version,
                order=n,
                name=f"申请材料第{n + 1}号",
                necessity=Necessity.REQUIRED if n % 2 == 0 else Necessity.CONDITIONAL,
                condition="委托办理的" if n % 2 else "",
                form=MaterialForm.PAPER,
                copies=n + 1,
            )
        for n in range(fees):
            FeeItem.objects.create(
                version=version,
                order=n,
                name=f"收费项{n + 1}",
                standard="每证10元",
                basis="某价费字",
            )
        if publish:
            item.current = version
            item.save(update_fields=["current"])
        return version

    return make


@pytest.fixture
def make_case(make_item, county):
    def make(*, applicant_type=Audience.PERSON, item_type=ItemType.LICENSING, **fields):
        version = make_item(item_type=item_type)
        values = {
            "number": "ZW2025000012",
            "query_code_hash": "0" * 64,
            "item": version.item,
            "version": version,
            "department": county.dept["NYJ"],
            "channel": "online",
            "applicant_type": applicant_type,
            "applicant_name": "张三" if applicant_type == Audience.PERSON else "某某养殖场",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
            "id_number_index": "1" * 64,
            "phone": "13800138000",
            "delivery": "in_person",
            "submitted_at": datetime(2025, 10, 20, 2, tzinfo=UTC),
            "accepted_on": date(2025, 10, 21),
        }
        values.update(fields)
        return Case.objects.create(**values)

    return make


# ---------------------------------------------------------------- the 明白卡


def test_the_card_shows_every_field_of_the_guide(make_item):
    version = make_item(materials=2, fees=1)
    text = text_of(documents.card_pdf(version))
    for shown in [
        "动物防疫条件合格证核发",  # the title
        "受理条件",
        "场所的位置与居民生活区的距离符合规定。",
        "申请材料",
        "申请材料第1号",
        "申请材料第2号（委托办理的）",
        "纸质",
        "办理流程",
        "1.申请2.受理3.审查4.决定5.送达",
        "法定办结时限：20个工作日；承诺办结时限：10个工作日；",
        "收费项1",
        "每证10元",
        "办理地点：县政务服务中心二楼农业窗口",
        "办理时间：工作日上午9:00-12:00，下午13:30-17:00",
        "咨询电话：0838-1234567",
        "监督投诉：0838-12345",
        "《中华人民共和国动物防疫法》第二十四条",
    ]:
        assert squeezed(shown) in text, shown
    footer = pages(documents.card_pdf(version))[0].extract_text()
    assert "第1版（2025年10月1日发布）" in squeezed(footer)


def test_a_card_without_fees_says_so(make_item):
    text = text_of(documents.card_pdf(make_item(fees=0)))
    assert "不收费" in text


def test_the_card_embeds_a_free_cjk_font(make_item):
    pdf = documents.card_pdf(make_item())
    assert embedded_fonts(pdf), "no embedded TrueType font"
    assert typeset.is_embedded()


def test_a_big_item_fits_on_one_page(make_item):
    """The biggest items of the demo catalogue: a dozen and more materials, long conditions."""
    version = make_item(
        materials=16,
        fees=3,
        conditions="\n".join(
            f"（{n}）申请人应当具备与其经营规模相适应的场所、设施设备和专业技术人员。"
            for n in range(1, 7)
        ),
        process="\n".join(f"第{n}步：窗口收件并当场核验申请材料原件" for n in range(1, 9)),
        legal_basis="《中华人民共和国动物防疫法》第二十四条、第二十五条\n"
        "《动物防疫条件审查办法》（农业农村部令2022年第8号）第二条、第二十八条",
    )
    pdf = documents.card_pdf(version)
    assert len(pages(pdf)) == 1
    assert "申请材料第16号" in text_of(pdf)


def test_a_card_too_long_for_one_page_takes_more_and_drops_nothing(make_item):
    """No size fits: the card flows on (never cut) and its footer says how many pages."""
    marks = [f"标记{n:02d}结束" for n in range(60)]
    conditions = "\n".join(
        "申请人应当具备与其经营规模相适应的场所、设施设备和专业技术人员，" * 3 + mark
        for mark in marks
    )
    version = make_item(materials=30, conditions=conditions)
    pdf = documents.card_pdf(version)
    found = pages(pdf)
    assert len(found) >= 2
    text = text_of(pdf)
    for mark in marks:
        assert mark in text
    assert "申请材料第30号" in text
    assert "监督投诉：0838-12345" in text
    assert f"共{len(found)}页" in squeezed(found[-1].extract_text())


# ---------------------------------------------------------------- the notices


def test_the_receipt_accepts_with_the_limits_and_the_materials(make_case):
    case = make_case()
    CaseMaterial.objects.create(case=case, name="营业执照复印件", state="provided", paper=True)
    CaseMaterial.objects.create(case=case, name="未交的材料", state="missing")
    pdf = documents.receipt_pdf(case)
    text = text_of(pdf)
    assert "受理通知书" in text and "办件编号：ZW2025000012" in text
    assert "张三：" in text
    assert "你于2025年10月20日提出的动物防疫条件合格证核发申请" in text
    assert "第三十二条第一款第（五）项" in text and "决定予以受理" in text
    assert "20个工作日内" in text and "10个工作日内" in text
    assert "营业执照复印件（纸质）" in text and "未交的材料" not in text
    assert text.endswith("特此通知。县农业农村局（畜牧）2025年10月21日")  # signed and dated
    assert embedded_fonts(pdf)


def test_a_service_that_is_not_a_licence_cites_no_licensing_law(make_case):
    case = make_case(item_type=ItemType.BENEFIT, applicant_type=Audience.ORGANISATION)
    text = text_of(documents.receipt_pdf(case))
    assert "行政许可法" not in text and "听证" not in text
    assert "某某养殖场：" in text and "你单位于" in text


def test_the_refusal_gives_the_reason_and_the_remedy(make_case, county):
    case = make_case(result="refused", result_reason="该事项不属于本机关职权范围。")
    text = text_of(documents.refusal_pdf(case))
    assert "不予受理通知书" in text
    assert "经审查，该事项不属于本机关职权范围。根据《中华人民共和国行政许可法》第三十二条" in text
    assert f"六十日内向{review_body(county.dept['NYJ'])}申请行政复议" in text
    assert "六个月内依法向人民法院提起行政诉讼" in text


def test_the_one_time_notice_lists_every_problem_once(make_case, county):
    case = make_case()
    CaseMaterial.objects.create(case=case, name="身份证明", state="missing")
    CaseMaterial.objects.create(
        case=case, name="场所平面图", state="defective", problem="未标注污水处理设施位置"
    )
    CaseMaterial.objects.create(case=case, name="营业执照", state="provided")
    notice = OneTimeNotice.objects.create(
        case=case,
        issued_on=date(2025, 10, 22),
        issued_by=county.user["admin"]
        if "admin" in county.user
        else next(iter(county.user.values())),
        # As the action writes it: its own numbering, the clerk's words without a stop.
        content="1. 身份证明：未提交\n2.场所平面图：未标注污水处理设施位置\n请一并提交原件以便核验。",
    )
    text = text_of(documents.one_time_notice_pdf(case, notice))
    assert "补正材料一次性告知书" in text
    assert "1.身份证明：未提交。" in text and text.count("身份证明") == 1
    assert "2.场所平面图：未标注污水处理设施位置。" in text and text.count("场所平面图") == 1
    assert "营业执照" not in text
    assert "请一并提交原件以便核验。" in text
    assert "不计算在办理期限内" in text
    assert "2025年10月22日" in text


# ---------------------------------------------------------------- the decisions


def test_the_result_fills_the_items_template(make_case):
    case = make_case(
        result="granted", certificate_number="川动防合字第2025001号", completed_on=DECIDED
    )
    ResultTemplate.objects.create(
        item=case.item,
        title="动物防疫条件合格证",
        body="{applicant}：\n你（单位）的{item}申请（{number}）经{department}审查合格，"
        "发给合格证{certificate}。\n发证日期：{date}",
    )
    text = text_of(documents.result_pdf(case))
    assert "证照编号：川动防合字第2025001号" in text
    assert (
        "你的动物防疫条件合格证核发申请（ZW2025000012）经县农业农村局（畜牧）审查合格，"
        "发给合格证川动防合字第2025001号。" in text
    )
    assert "发证日期：2025年10月30日" in text


def test_an_unknown_placeholder_is_printed_as_written(make_case):
    """A template saved around its form (shell, import) never stops a decision."""
    case = make_case(result="granted", completed_on=DECIDED)
    ResultTemplate.objects.create(
        item=case.item, title="结果{oops", body="{applicant}：\n{unknown}与{date}，括号}"
    )
    text = text_of(documents.result_pdf(case))
    assert "张三：" in text and "{unknown}与2025年10月30日，括号}" in text
    assert "结果{oops" in text


def test_the_form_saving_a_template_refuses_an_unknown_placeholder():
    documents.check_result_template("{applicant}于{date}")
    with pytest.raises(InvalidInput) as raised:
        documents.check_result_template("{applicant}的{name}", field="body")
    assert "{name}" in raised.value.message and raised.value.field == "body"


def test_without_a_template_the_default_decision_carries_the_certificate(make_case):
    case = make_case(result="granted", certificate_number="NYJ-2025-0007", completed_on=DECIDED)
    text = text_of(documents.result_pdf(case))
    assert "准予行政许可决定书" in text
    assert "决定准予行政许可，颁发动物防疫条件合格证（编号：NYJ-2025-0007）" in text
    assert "本决定自2025年10月30日起生效。" in text


def test_the_denial_gives_the_reasons_and_the_remedy(make_case, county):
    case = make_case(
        result="denied", result_reason="场所选址距离居民区不足五百米", completed_on=DECIDED
    )
    text = text_of(documents.denial_pdf(case))
    assert "不予行政许可决定书" in text
    assert "本机关已于2025年10月21日受理" in text
    assert "经审查，场所选址距离居民区不足五百米。" in text
    assert "第三十八条第二款" in text and "决定不予行政许可" in text
    assert f"六十日内向{review_body(county.dept['NYJ'])}申请行政复议" in text
    assert "六个月内依法向人民法院提起行政诉讼" in text


# ---------------------------------------------------------------- the download


def test_the_card_downloads_as_a_pdf_named_after_the_item(client, make_item):
    version = make_item()
    response = client.get(f"/zwfw/items/{version.item.code}/card.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert 'filename="card-' in disposition and "filename*=utf-8''" in disposition
    assert len(pages(response.content)) == 1
    # The same version answers 304 to a reader that has it.
    again = client.get(
        f"/zwfw/items/{version.item.code}/card.pdf", HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304


def test_a_new_version_has_a_new_etag(client, make_item):
    version = make_item()
    first = client.get(f"/zwfw/items/{version.item.code}/card.pdf")["ETag"]
    newer = ServiceItemVersion.objects.create(
        **{
            f.name: getattr(version, f.name)
            for f in ServiceItemVersion._meta.concrete_fields
            if f.name not in ("id", "number", "result_sample")
        },
        number=2,
    )
    ServiceItem.objects.filter(pk=version.item_id).update(current=newer)
    pagecache.change_version(PAGE_VERSION)  # as publishing a version does
    second = client.get(f"/zwfw/items/{version.item.code}/card.pdf", HTTP_IF_NONE_MATCH=first)
    assert second.status_code == 200 and second["ETag"] != first


def test_an_unknown_or_unpublished_item_has_no_card(client, make_item):
    make_item(code="DRAFT-ONLY", publish=False)
    assert client.get("/zwfw/items/NO-SUCH-ITEM/card.pdf").status_code == 404
    assert client.get("/zwfw/items/DRAFT-ONLY/card.pdf").status_code == 404


def test_the_card_is_only_read(client, make_item):
    version = make_item()
    assert client.post(f"/zwfw/items/{version.item.code}/card.pdf").status_code == 405


def test_the_cards_queries_do_not_grow_with_its_materials(client, make_item):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/zwfw/items/WARM-UP/card.pdf")  # the page cache reads the versions once
    counts = []
    for code, materials in (("SMALL-ITEM", 2), ("BIG-ITEM", 20)):
        make_item(code=code, materials=materials, fees=materials // 2)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/zwfw/items/{code}/card.pdf").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == 3, counts  # the item and version, materials, fees


def test_every_card_of_the_demo_catalogue_is_one_page(county):
    """The catalogue a county really prints: each item's card on one sheet."""
    from gongkai.demo import services as demo_services
    from tests.pages import at

    with at("2026-10-09 10:00"):
        demo_services.load_demo_services(cases=0)
    items = list(ServiceItem.objects.select_related("current"))
    assert len(items) >= 19
    for item in items:
        pdf = documents.card_pdf(item.current)
        assert len(pages(pdf)) == 1, item.code
        assert squeezed(item.current.name) in text_of(pdf)
