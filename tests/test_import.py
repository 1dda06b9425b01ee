"""`gongkai import items PATH`: CSV, JSON and Word folders, rejected rows, and the dry run."""

import csv
import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.core.models import AuditEvent
from gongkai.publishing import actions
from gongkai.publishing.actions import ItemData
from gongkai.publishing.models import IndexCounter, Item, Revision
from tests.documents import make_docx, para, run, table

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def columns(county):
    return {
        "gzdt": actions.create_column(
            actor=None, name="工作动态", slug="gzdt", department=county.dept["BGS"], is_news=True
        ),
        "tzgg": actions.create_column(
            actor=None, name="通知公告", slug="tzgg", department=county.dept["BGS"]
        ),
    }


def write_csv(path, rows, *, encoding="utf-8-sig"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def run_import(*args):
    """(stdout, stderr, exit code) of the command, as an operator would see them."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", "items", *map(str, args), stdout=out, stderr=err)
        code = 0
    except CommandError as failed:
        err.write(str(failed))
        code = failed.returncode
    return out.getvalue(), err.getvalue(), code


def live(title):
    return Item.objects.select_related("live_revision", "column").get(live_revision__title=title)


def test_it_imports_a_utf8_csv_with_a_bom(columns, tmp_path):
    path = write_csv(
        tmp_path / "old-site.csv",
        [
            ["title", "column", "body", "document_number", "published_at", "topic", "index_number"],
            [
                "关于做好春耕生产的通知",
                "tzgg",
                "<p>各乡镇：</p><script>alert(1)</script>",
                "示府办发〔2024〕3号",
                "2024-03-01",
                "农业、林业、水利",
                "11510000MB0000002B/2024-00003",
            ],
            [
                "县政府召开常务会议",
                "gzdt",
                "会议研究了春耕工作。\n会议强调……",
                "",
                "2024-03-05T15:30",
                "",
                "",
            ],
        ],
    )
    out, err, code = run_import(path)
    assert code == 0, err
    assert "导入 2 条，拒绝 0 条" in out
    notice = live("关于做好春耕生产的通知")
    assert notice.status == Item.Status.PUBLISHED and notice.column.slug == "tzgg"
    assert notice.index_number == "11510000MB0000002B/2024-00003"
    assert notice.published_at == datetime(2024, 3, 1, tzinfo=SHANGHAI)
    assert notice.live_revision.body == "<p>各乡镇：</p>"
    assert notice.live_revision.topic == "agriculture"
    assert notice.live_revision.document_number == "示府办发〔2024〕3号"
    assert str(notice.live_revision.created_on) == "2024-03-01"
    meeting = live("县政府召开常务会议")
    assert meeting.live_revision.body == "<p>会议研究了春耕工作。</p><p>会议强调……</p>"
    assert meeting.published_at == datetime(2024, 3, 5, 15, 30, tzinfo=SHANGHAI)
    assert meeting.index_number, "numbered on import when the old site had none"
    assert AuditEvent.objects.filter(action="item.import").count() == 2


def test_it_imports_a_gb18030_csv_with_chinese_headers(columns, tmp_path):
    path = write_csv(
        tmp_path / "旧网站.csv",
        [
            ["标题", "栏目", "正文", "发布日期", "发布机构"],
            ["高山乡召开防汛会议", "gzdt", "防汛工作部署。", "2024-06-20", "高山乡人民政府"],
        ],
        encoding="gb18030",
    )
    out, err, code = run_import(path)
    assert code == 0, err
    item = live("高山乡召开防汛会议")
    assert item.live_revision.publisher == "高山乡人民政府"
    assert item.live_revision.body == "<p>防汛工作部署。</p>"


def test_it_imports_a_json_list_into_the_default_column(columns, tmp_path):
    path = tmp_path / "items.json"
    path.write_text(
        json.dumps(
            [
                {
                    "title": "2023年财政决算公开",
                    "summary": "全县财政决算",
                    "keywords": ["决算", "财政"],
                    "topic": "finance",
                    "published_at": "2024-05-10T09:00:00+08:00",
                    "created_on": "2024-05-08",
                },
                {"title": "2024年财政预算公开", "body": "<h2>一、收入</h2><p>略</p>"},
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    out, err, code = run_import(path, "--column", "tzgg", "--publisher", "县财政局")
    assert code == 0, err
    final = live("2023年财政决算公开")
    assert final.column.slug == "tzgg"
    assert final.live_revision.keywords == "决算 财政"
    assert final.live_revision.publisher == "县财政局"
    assert str(final.live_revision.created_on) == "2024-05-08"
    assert live("2024年财政预算公开").live_revision.body == "<h2>一、收入</h2><p>略</p>"


def test_it_imports_a_folder_of_word_documents(columns, tmp_path):
    (tmp_path / "关于印发工作要点的通知.docx").write_bytes(
        make_docx(
            para(run("一、工作目标"), style="1"), table([["任务", "单位"], ["公开", "办公室"]])
        )
    )
    (tmp_path / "~$关于印发工作要点的通知.docx").write_bytes(b"Word's lock file")
    (tmp_path / "不是文档.docx").write_bytes("只是文本".encode())
    (tmp_path / "说明.txt").write_text("不导入")
    out, err, code = run_import(tmp_path, "--column", "tzgg")
    assert code == 1
    assert "导入 1 条，拒绝 1 条" in out
    assert "文件“不是文档.docx”：请上传 Word 文档" in err
    item = live("关于印发工作要点的通知")
    assert "<h2>一、工作目标</h2>" in item.live_revision.body
    assert "<td><p>办公室</p></td>" in item.live_revision.body


def test_a_word_folder_needs_a_column(columns, tmp_path):
    (tmp_path / "通知.docx").write_bytes(make_docx(para(run("正文"))))
    out, err, code = run_import(tmp_path)
    assert code == 1
    assert "文件“通知.docx”：未指定栏目" in err
    assert not Item.objects.exists()


BAD_ROWS = [
    ["title", "column", "published_at", "created_on", "topic", "index_number"],
    ["可以导入的信息", "gzdt", "2024-01-02", "", "", "X/2024-00001"],
    ["", "gzdt", "", "", "", ""],
    ["栏目不存在", "nope", "", "", "", ""],
    ["发布日期不对", "gzdt", "2024-13-01", "", "", ""],
    ["生成日期不对", "gzdt", "", "2024/01/02", "", ""],
    ["主题不对", "gzdt", "", "", "天气", ""],
    ["索引号重复", "gzdt", "", "", "", "X/2024-00001"],
    ["索引号已存在", "gzdt", "", "", "", "OLD/2023-00001"],
    ["发布日期在将来", "gzdt", "2999-01-01", "", "", ""],
    ["", "", "", "", "", ""],  # a blank line Excel leaves at the end: skipped, not rejected
]
REASONS = [
    "第 3 行：请填写标题。",
    "第 4 行：栏目“nope”不存在。",
    "第 5 行：发布日期“2024-13-01”不是有效日期",
    "第 6 行：生成日期“2024/01/02”不是有效日期，应为 YYYY-MM-DD。",
    "第 7 行：主题分类“天气”无效。",
    "第 8 行：索引号“X/2024-00001”已存在。",
    "第 9 行：索引号“OLD/2023-00001”已存在。",
    "第 10 行：发布日期“2999-01-01”晚于现在",
]


@pytest.fixture
def old_item(columns):
    return actions.import_published_item(
        actor=None,
        column=columns["gzdt"],
        data=ItemData(title="旧信息"),
        index_number="OLD/2023-00001",
    )


def test_it_reports_each_rejected_row_with_its_number_and_reason_and_exits_non_zero(
    old_item, tmp_path
):
    out, err, code = run_import(write_csv(tmp_path / "bad.csv", BAD_ROWS))
    assert code == 1
    assert "导入 1 条，拒绝 8 条" in out
    for reason in REASONS:
        assert reason in err
    assert "第 11 行" not in err
    assert Item.objects.filter(live_revision__title="可以导入的信息").exists()
    assert Item.objects.count() == 2


def test_a_dry_run_reports_the_same_and_changes_nothing(old_item, tmp_path):
    path = write_csv(tmp_path / "bad.csv", BAD_ROWS)
    counts = [Item, Revision, AuditEvent, IndexCounter]
    before = [model.objects.count() for model in counts]
    out, err, code = run_import(path, "--dry-run")
    assert code == 1
    assert "试运行，未作任何更改：导入 1 条，拒绝 8 条" in out
    for reason in REASONS:
        assert reason in err
    assert [model.objects.count() for model in counts] == before


def test_a_clean_dry_run_exits_zero_and_a_real_run_then_imports(columns, tmp_path):
    path = write_csv(tmp_path / "ok.csv", [["title", "column"], ["防汛工作部署", "gzdt"]])
    out, err, code = run_import(path, "--dry-run")
    assert code == 0, err
    assert not Item.objects.exists()
    assert run_import(path)[2] == 0
    assert live("防汛工作部署").column.slug == "gzdt"


def test_unknown_fields_are_named_and_ignored(columns, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["title", "column", "点击量"], ["通知", "gzdt", "99"]])
    out, err, code = run_import(path)
    assert code == 0 and "忽略未知字段：点击量" in err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, "找不到文件"),
        ("items.xlsx", b"PK", "只能导入"),
        ("items.json", b'{"title": "x"}', "应是一个列表"),
        ("items.json", b"[{", "不是有效的 JSON"),
        ("items.csv", "标题没有\nx\n".encode(), "title（标题）列"),
    ],
)
def test_a_file_it_cannot_read_is_refused_as_a_whole(columns, tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    out, err, code = run_import(path)
    assert code != 0 and message in err
    assert not Item.objects.exists()
