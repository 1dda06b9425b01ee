"""The catalogue as XLSX: export, import (all rows checked first, nothing half done), the
`gongkai services` command and the staff's empty template."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gongkai.core import actions as core_actions
from gongkai.core import hooks
from gongkai.core.files import check_bytes
from gongkai.core.models import AuditEvent
from gongkai.services import roles
from gongkai.services.actions import catalogue as catalogue_actions
from gongkai.services.actions.catalogue_import import import_catalogue
from gongkai.services.catalogue_xlsx import (
    FEES,
    ITEMS,
    MATERIALS,
    catalogue_template,
    export_catalogue,
    iter_cells,
    write_workbook,
)
from gongkai.services.models import ServiceItem, ServiceItemVersion
from gongkai.services.rules import Audience, ItemType, LifeEvent, MaterialForm, Necessity
from tests.documents import make_pdf

pytestmark = pytest.mark.django_db
PASSWORD = "Gongkai-Demo-2026"


@pytest.fixture
def people(county):
    """An editor and a reviewer of 县农业农村局's catalogue."""
    made = {}
    for username, role in (
        ("nyj_editor", roles.CATALOGUE_EDITOR),
        ("nyj_reviewer", roles.CATALOGUE_REVIEWER),
    ):
        user = core_actions.create_user(actor=None, username=username, password=PASSWORD)
        core_actions.assign_role(actor=None, user=user, department=county.dept["NYJ"], role=role)
        county.user[username] = made[username] = user
    return made


def publish(people, county, code, *, name="动物防疫条件合格证核发", charges=False, **changes):
    """An item published the way staff do it: drafted, submitted, approved by another."""
    editor, reviewer = people["nyj_editor"], people["nyj_reviewer"]
    item = catalogue_actions.create_item(actor=editor, code=code, department=county.dept["NYJ"])
    fields = dict(
        name=name,
        item_type=ItemType.LICENSING,
        implementing_body=county.dept["NYJ"].name,
        legal_basis="《中华人民共和国动物防疫法》第二十四条",
        conditions="场所的位置与距离符合规定；\n有相应的污水、污物处理设施。",
        process="申请\n受理\n审查\n决定\n送达",
        legal_days=20,
        promised_days=10,
        consult="0000-1234567",
        complaint="0000-12345",
        place="县政务服务中心二楼 12 号窗口",
        hours="工作日 9:00-12:00，13:30-17:00",
        audience=Audience.ORGANISATION,
        life_events=[LifeEvent.AGRICULTURE, LifeEvent.OPERATION],
        handling_form="both",
        online=True,
        charges=charges,
        result_name="动物防疫条件合格证",
        result_type="证照",
    )
    data = catalogue_actions.VersionData(**{**fields, **changes})
    materials = [
        catalogue_actions.MaterialData(name="动物防疫条件审查申请表", standard="填写完整"),
        catalogue_actions.MaterialData(
            name="场所平面图",
            necessity=Necessity.CONDITIONAL,
            form=MaterialForm.BOTH,
            copies=2,
            condition="新建场所",
        ),
    ]
    fees = (
        [catalogue_actions.FeeData("工本费", "10 元/证", "某价费字〔2020〕1号")] if charges else []
    )
    version = catalogue_actions.draft_version(
        actor=editor, item=item, data=data, materials=materials, fees=fees
    )
    catalogue_actions.submit_version(actor=editor, version=version)
    catalogue_actions.approve_version(actor=reviewer, version=version)
    return ServiceItem.objects.get(pk=item.pk)


ITEM_ROW = {
    "实施编码": "XLSX-NEW-1",
    "基本编码": "000117001000",
    "事项名称": "生鲜乳收购许可证核发",
    "事项类型": "行政许可",
    "设定依据": "《乳品质量安全监督管理条例》第二十条",
    "受理条件": "取得工商登记",
    "办理流程": "申请\n受理\n决定",
    "办理形式": "窗口办理",
    "法定办结时限": 20,
    "承诺办结时限": 5,
    "到办事现场次数": 1,
    "是否收费": "否",
    "咨询方式": "0000-1234567",
    "监督投诉方式": "0000-12345",
    "办理地点": "县政务服务中心",
    "办理时间": "工作日",
    "服务对象": "法人",
    "主题分类": "农林牧渔",
    "是否网办": "否",
    "审批结果名称": "生鲜乳收购许可证",
    "审批结果类型": "证照",
}
MATERIAL_ROW = {
    "实施编码": "XLSX-NEW-1",
    "材料名称": "申请书",
    "必要性": "必要",
    "材料形式": "纸质",
    "份数": 1,
    "来源渠道": "申请人自备",
    "填报须知": "",
    "受理标准": "",
    "适用情形": "",
}


def workbook(county, items=(), materials=(), fees=()) -> bytes:
    """A workbook of rows given as {header: value}; 实施主体 defaults to 县农业农村局."""

    def cells(sheet, row):
        row = {"实施主体": county.dept["NYJ"].name, **row} if sheet is ITEMS else row
        return [row.get(column.header) for column in sheet.columns]

    return write_workbook(
        None,
        items=[cells(ITEMS, {**ITEM_ROW, **row}) for row in items],
        materials=[cells(MATERIALS, {**MATERIAL_ROW, **row}) for row in materials],
        fees=[cells(FEES, row) for row in fees],
    )


def rows_of(content: bytes) -> list:
    return list(iter_cells(content))


# ---------------------------------------------------------------- round trip


def test_an_export_imported_again_changes_nothing_and_exports_the_same_cells(people, county):
    publish(people, county, "XLSX-A-1", charges=True)
    publish(people, county, "XLSX-A-2", name="种畜禽生产经营许可", legal_basis="=SUM(1,2) 不是公式")
    first = export_catalogue()
    versions = ServiceItemVersion.objects.count()
    events = AuditEvent.objects.count()

    result = import_catalogue(actor=None, workbook=first)

    assert result.ok, result.errors
    assert result.created == result.updated == []
    assert {"XLSX-A-1", "XLSX-A-2"} <= set(result.unchanged)
    assert ServiceItemVersion.objects.count() == versions
    assert AuditEvent.objects.count() == events + 1  # the import itself, with its counts
    assert rows_of(export_catalogue()) == rows_of(first)


def test_text_that_looks_like_a_formula_is_exported_as_text(people, county):
    publish(people, county, "XLSX-F-1", legal_basis='=HYPERLINK("http://x")')
    sheet = load_workbook(io.BytesIO(export_catalogue()))["事项"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "XLSX-F-1")
    assert row[5].value == '=HYPERLINK("http://x")'
    assert row[5].data_type == "s"


def test_an_export_imported_under_new_codes_makes_the_same_items(people, county):
    publish(people, county, "XLSX-B-1", charges=True)
    book = load_workbook(io.BytesIO(export_catalogue()))
    for name in ("事项", "申请材料", "收费项目"):
        for row in book[name].iter_rows(min_row=2):
            row[0].value = "COPY-" + row[0].value
    out = io.BytesIO()
    book.save(out)

    result = import_catalogue(actor=None, workbook=out.getvalue())

    assert result.ok, result.errors
    assert "COPY-XLSX-B-1" in result.created
    original = ServiceItem.objects.get(code="XLSX-B-1").current
    copy = ServiceItem.objects.get(code="COPY-XLSX-B-1").current
    assert copy.state == ServiceItemVersion.State.PUBLISHED and copy.number == 1
    for name in ("name", "legal_basis", "process", "life_events", "promised_days", "online"):
        assert getattr(copy, name) == getattr(original, name)
    assert [(m.name, m.necessity, m.copies, m.condition) for m in copy.materials.all()] == [
        (m.name, m.necessity, m.copies, m.condition) for m in original.materials.all()
    ]
    assert [(f.name, f.standard) for f in copy.fees.all()] == [("工本费", "10 元/证")]


def test_a_changed_row_is_published_as_a_new_version(
    people, county, django_capture_on_commit_callbacks
):
    item = publish(people, county, "XLSX-C-1")
    old = item.current
    book = load_workbook(io.BytesIO(export_catalogue()))
    row = next(r for r in book["事项"].iter_rows(min_row=2) if r[0].value == "XLSX-C-1")
    row[10].value = 3  # 承诺办结时限
    out = io.BytesIO()
    book.save(out)
    changed = []
    listener = hooks.on_content_changed(lambda kind, pk: changed.append((kind, pk)))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            result = import_catalogue(actor=None, workbook=out.getvalue())
    finally:
        hooks._content_listeners.remove(listener)

    assert result.updated == ["XLSX-C-1"]
    item.refresh_from_db()
    old.refresh_from_db()
    assert item.current.number == old.number + 1
    assert item.current.promised_days == 3
    assert item.current.state == ServiceItemVersion.State.PUBLISHED
    assert old.state == ServiceItemVersion.State.SUPERSEDED
    assert [m.name for m in item.current.materials.all()] == [
        "动物防疫条件审查申请表",
        "场所平面图",
    ]
    assert ("services.item", item.pk) in changed
    event = AuditEvent.objects.filter(action="services.import").latest("seq")
    assert event.data["updated"] == 1 and event.data["codes"] == ["XLSX-C-1"]


def test_a_new_version_keeps_the_files_the_sheets_cannot_carry(people, county):
    item = publish(people, county, "XLSX-E-1")
    blank = core_actions.store_upload(
        actor=None, checked=check_bytes("申请表.pdf", make_pdf("form"))
    )
    item.current.materials.filter(name="场所平面图").update(blank_form=blank, example=blank)
    ServiceItemVersion.objects.filter(pk=item.current_id).update(result_sample=blank)
    content = export_catalogue()
    book = load_workbook(io.BytesIO(content))
    row = next(r for r in book["事项"].iter_rows(min_row=2) if r[0].value == "XLSX-E-1")
    row[2].value = "动物防疫条件合格证核发（变更）"
    out = io.BytesIO()
    book.save(out)

    assert import_catalogue(actor=None, workbook=out.getvalue()).updated == ["XLSX-E-1"]

    current = ServiceItem.objects.get(pk=item.pk).current
    assert current.result_sample == blank
    kept = {m.name: (m.blank_form, m.example) for m in current.materials.all()}
    assert kept == {"动物防疫条件审查申请表": (None, None), "场所平面图": (blank, blank)}


def test_the_export_reads_a_fixed_number_of_queries(people, county):
    publish(people, county, "XLSX-Q-1", charges=True)
    with CaptureQueriesContext(connection) as few:
        export_catalogue()
    publish(people, county, "XLSX-Q-2", charges=True)
    publish(people, county, "XLSX-Q-3")
    with CaptureQueriesContext(connection) as more:
        export_catalogue()
    assert len(more) == len(few) == 4  # items with versions, materials, fees, departments


def test_importing_the_same_file_twice_publishes_once(county):
    content = workbook(county, items=[{}], materials=[{}])
    first = import_catalogue(actor=None, workbook=content)
    second = import_catalogue(actor=None, workbook=content)
    assert first.created == ["XLSX-NEW-1"]
    assert second.unchanged == ["XLSX-NEW-1"] and second.created == second.updated == []
    assert ServiceItem.objects.get(code="XLSX-NEW-1").versions.count() == 1


def test_a_department_is_found_by_its_short_code_too(county):
    content = workbook(county, items=[{"实施主体": "NYJ"}], materials=[{}])
    result = import_catalogue(actor=None, workbook=content)
    assert result.ok, result.errors
    item = ServiceItem.objects.get(code="XLSX-NEW-1")
    assert item.department == county.dept["NYJ"]
    assert item.current.implementing_body == county.dept["NYJ"].name


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("items", "materials", "expected"),
    [
        ([{"实施主体": "县不存在局"}], [{}], "事项 第 2 行：实施主体“县不存在局”不是已有的部门"),
        ([{"法定办结时限": "二十"}], [{}], "事项 第 2 行：“法定办结时限”应为不小于 0 的整数"),
        ([{"承诺办结时限": 30}], [{}], "事项 第 2 行：承诺办结时限（30 个工作日）不能超过法定"),
        ([{"事项类型": "许可"}], [{}], "事项 第 2 行：“事项类型”的值“许可”无效，应为：行政许可、"),
        ([{"主题分类": "农林牧渔、打猎"}], [{}], "事项 第 2 行：“主题分类”的值“打猎”无效"),
        ([{"事项名称": ""}], [{}], "事项 第 2 行：“事项名称”不能为空。"),
        ([{}, {}], [{}], "事项 第 3 行：实施编码“XLSX-NEW-1”与第 2 行重复。"),
        ([{}], [{}, {"实施编码": "NOPE"}], "申请材料 第 3 行：实施编码“NOPE”不在“事项”表中。"),
        ([{}], [{"份数": 0}], "申请材料 第 2 行：“份数”应为不小于 1 的整数"),
        ([{}], [], "事项 第 2 行：没有申请材料"),
        ([{"是否收费": "是"}], [{}], "事项 第 2 行：收费的事项须至少填写一个收费项目。"),
        ([{"是否网办": "也许"}], [{}], "事项 第 2 行：“是否网办”应填“是”或“否”"),
    ],
)
def test_a_bad_row_is_refused_with_its_sheet_and_row_and_nothing_changes(
    county, items, materials, expected
):
    before = (ServiceItem.objects.count(), AuditEvent.objects.count())
    result = import_catalogue(actor=None, workbook=workbook(county, items, materials))
    assert not result.ok
    assert any(error.startswith(expected) for error in result.errors), result.errors
    assert (ServiceItem.objects.count(), AuditEvent.objects.count()) == before


def test_one_bad_row_refuses_the_whole_file(county):
    content = workbook(
        county,
        items=[{"实施编码": "GOOD-1"}, {"实施编码": "BAD-1", "服务对象": "外星人"}],
        materials=[{"实施编码": "GOOD-1"}, {"实施编码": "BAD-1"}],
    )
    result = import_catalogue(actor=None, workbook=content)
    assert result.errors == ["事项 第 3 行：“服务对象”的值“外星人”无效，应为：自然人、法人。"]
    assert not ServiceItem.objects.filter(code="GOOD-1").exists()


def test_what_is_not_a_workbook_is_refused(db):
    result = import_catalogue(actor=None, workbook=b"not a spreadsheet")
    assert len(result.errors) == 1 and result.errors[0].startswith("无法读取工作簿")


def test_a_missing_sheet_or_column_is_named(county):
    book = load_workbook(io.BytesIO(workbook(county, items=[{}], materials=[{}])))
    del book["收费项目"]
    book["申请材料"]["B1"].value = "名称"
    out = io.BytesIO()
    book.save(out)
    result = import_catalogue(actor=None, workbook=out.getvalue())
    assert result.errors == ["申请材料：第 1 行缺少列“材料名称”。", "缺少工作表“收费项目”。"]


def test_a_dry_run_says_what_it_would_do_and_changes_nothing(county):
    before = (ServiceItem.objects.count(), AuditEvent.objects.count())
    result = import_catalogue(
        actor=None, workbook=workbook(county, items=[{}], materials=[{}]), dry_run=True
    )
    assert result.ok and result.dry_run
    assert result.created == ["XLSX-NEW-1"]
    assert (ServiceItem.objects.count(), AuditEvent.objects.count()) == before


def test_a_user_importing_must_review_the_items_department(people, county):
    content = workbook(county, items=[{}], materials=[{}])
    refused = import_catalogue(actor=people["nyj_editor"], workbook=content)
    assert refused.errors == [f"事项 第 2 行：您无权发布“{county.dept['NYJ'].name}”的事项。"]
    allowed = import_catalogue(actor=people["nyj_reviewer"], workbook=content)
    assert allowed.created == ["XLSX-NEW-1"]
    assert ServiceItem.objects.get(code="XLSX-NEW-1").current.reviewed_by == people["nyj_reviewer"]


# ---------------------------------------------------------------- the command


def test_the_command_imports_and_reports_counts(county, tmp_path, capsys):
    path = tmp_path / "catalogue.xlsx"
    path.write_bytes(workbook(county, items=[{}], materials=[{}]))
    out = io.StringIO()
    call_command("services", "import", str(path), "--dry-run", "--quiet", stdout=out)
    assert out.getvalue().strip() == "试运行，未作任何更改：新增 1 项，更新 0 项，未变 0 项"
    assert not ServiceItem.objects.filter(code="XLSX-NEW-1").exists()
    out = io.StringIO()
    call_command("services", "import", str(path), stdout=out, stderr=io.StringIO())
    assert out.getvalue().strip() == "新增 1 项，更新 0 项，未变 0 项"
    assert ServiceItem.objects.filter(code="XLSX-NEW-1").exists()


def test_the_command_lists_each_error_and_exits_with_1(county, tmp_path):
    path = tmp_path / "catalogue.xlsx"
    path.write_bytes(
        workbook(county, items=[{"法定办结时限": "x"}], materials=[{"实施编码": "NOPE"}])
    )
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("services", "import", str(path), "--quiet", stderr=err)
    assert raised.value.returncode == 1
    assert str(raised.value) == "有 2 处错误，未作任何更改。"
    assert err.getvalue().splitlines() == [
        "事项 第 2 行：“法定办结时限”应为不小于 0 的整数，而不是“x”。",
        "申请材料 第 2 行：实施编码“NOPE”不在“事项”表中。",
    ]


def test_the_command_refuses_a_missing_file_with_1(db, tmp_path):
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("services", "import", str(tmp_path / "none.xlsx"), stderr=err)
    assert raised.value.returncode == 1
    assert "找不到文件" in err.getvalue()


def test_the_command_exports_what_imports_back(people, county, tmp_path):
    publish(people, county, "XLSX-D-1")
    path = tmp_path / "out.xlsx"
    out = io.StringIO()
    call_command("services", "export", str(path), stdout=out)
    assert out.getvalue().startswith("已导出 ")
    assert rows_of(path.read_bytes()) == rows_of(export_catalogue())
    result = import_catalogue(actor=None, workbook=path)
    assert result.ok and "XLSX-D-1" in result.unchanged


# ---------------------------------------------------------------- the template


def test_the_template_has_the_headers_and_no_rows():
    book = load_workbook(io.BytesIO(catalogue_template()))
    assert book.sheetnames == ["事项", "申请材料", "收费项目", "填写说明"]
    for sheet in (ITEMS, MATERIALS, FEES):
        rows = list(book[sheet.name].iter_rows(values_only=True))
        assert rows == [tuple(column.header for column in sheet.columns)]


def test_services_staff_download_the_template(people, staff_client):
    client = staff_client("nyj_editor")
    response = client.get("/workbench/services/catalogue/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == "事项"
    assert client.post("/workbench/services/catalogue/template.xlsx").status_code == 405


def test_other_staff_may_not_download_the_template(staff_client, other_officer):
    client = staff_client("nyj_disclosure")
    response = client.get("/workbench/services/catalogue/template.xlsx")
    assert response.status_code == 403
