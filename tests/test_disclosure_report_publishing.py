"""条例 Art. 49: the annual report goes from the report page into the 政府信息公开年报 column
through core.publications, as a draft with its PDF attached and sent to the column's
review; the site-health panel warns from 1 January while last year's report is missing."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from gongkai.core import inbox, publications
from gongkai.core.files import content_path
from gongkai.core.models import AuditEvent
from gongkai.disclosure.models import AnnualReport, DisclosureRequest
from gongkai.publishing import actions as publishing_actions
from gongkai.publishing.models import Item, Step, Workflow
from tests.pages import at, page

pytestmark = pytest.mark.django_db
REPORT = "/workbench/disclosure/report/"
PUBLISH = REPORT + "publish/?year=2025&department=SFX"
HEALTH = "/workbench/publishing/health/"
TITLE = "示范县人民政府2025年政府信息公开工作年度报告"


@pytest.fixture
def column(county):
    """The site's 政府信息公开年报 column, run by 县人民政府办公室 (as in the demo)."""
    return publishing_actions.create_column(
        actor=None,
        name="政府信息公开年报",
        slug="xxgk-nb",
        department=county.dept["BGS"],
        in_catalogue=True,
        category="annual_report",
    )


@pytest.fixture
def answered_2025(county):
    """One request to 示范县人民政府 in 2025, answered."""
    return DisclosureRequest.objects.create(
        number="2025-00001",
        query_code_hash="0" * 64,
        department=county.dept["SFX"],
        channel="online",
        received_on=date(2025, 3, 3),
        applicant_type="natural",
        applicant_name="王小明",
        id_type="resident_id",
        id_number="11010519491231002X",
        id_number_index="x",
        phone="13800138000",
        info_title="城区道路改造工程招标文件",
        info_description="招标文件。",
        requested_form="electronic",
        delivery="online",
        status="replied",
        outcome="1",
        finished_on=date(2025, 3, 10),
    )


def pdf_text(upload) -> str:
    content = content_path(upload.file.sha256).read_bytes()
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages)


def test_the_head_publishes_the_report_into_the_column_and_its_review(
    staff_client, county, column, answered_2025
):
    client = staff_client("disclosure_head")
    shown = client.get(REPORT, {"year": "2025", "department": "SFX"})
    assert "发布到年报栏目" in page(shown)
    response = client.post(PUBLISH)
    assert response.status_code == 302
    item = Item.objects.get(column=column)
    assert item.status == Item.Status.DRAFT  # public only once reviewed
    revision = item.latest_revision
    assert revision.title == TITLE
    assert revision.publisher == "示范县人民政府"
    (link,) = revision.attachment_links.select_related("upload__file")
    assert link.upload.name == f"{TITLE}.pdf"
    assert link.upload.file.content_type == "application/pdf"
    assert TITLE in pdf_text(link.upload)
    workflow = Workflow.objects.get(item=item, state=Workflow.State.IN_PROGRESS)
    assert [s.level for s in workflow.steps.order_by("order")] == [
        Step.Level.CHIEF_EDITOR,
        Step.Level.EDITOR_IN_CHIEF,
    ]
    # The chief editor finds it in the review inbox.
    titles = [entry.title for entry in inbox.entries_for(county.user["chief"])]
    assert f"待审核（网站主编审核）：{TITLE}" in titles
    stored = AnnualReport.objects.get(year=2025, department=county.dept["SFX"])
    assert stored.publication_reference == str(item.pk)
    assert AuditEvent.objects.filter(action="disclosure.report_publish").count() == 1
    assert AuditEvent.objects.filter(action="item.submit", object_id=str(item.pk)).exists()
    after = client.get(REPORT, {"year": "2025", "department": "SFX"})
    assert "已于" in page(after) and f"信息编号 {item.pk}" in page(after)
    assert "重新发布到年报栏目" in page(after)


def test_publishing_again_sends_a_new_version_of_the_same_item(
    staff_client, county, column, answered_2025
):
    client = staff_client("disclosure_head")
    client.post(PUBLISH)
    client.post(REPORT + "?year=2025&department=SFX", {"section_5": "改进：按期更新公开目录。"})
    assert client.post(PUBLISH).status_code == 302
    item = Item.objects.get(column=column)
    assert item.revisions.count() == 2
    assert "改进：按期更新公开目录。" in item.latest_revision.body
    states = sorted(Workflow.objects.filter(item=item).values_list("state", flat=True))
    assert states == [Workflow.State.CANCELLED, Workflow.State.IN_PROGRESS]


def test_a_one_level_column_still_has_a_reviewer_for_a_report(staff_client, county, answered_2025):
    """No column editor wrote the report: the editor's own check cannot be the review."""
    column = publishing_actions.create_column(
        actor=None,
        name="政府信息公开年报",
        slug="nb-one",
        department=county.dept["BGS"],
        category="annual_report",
        review_levels=1,
    )
    staff_client("disclosure_head").post(PUBLISH)
    item = Item.objects.get(column=column)
    assert item.status == Item.Status.DRAFT
    steps = Step.objects.filter(workflow__item=item)
    assert [s.level for s in steps] == [Step.Level.CHIEF_EDITOR]


def test_an_officer_may_not_publish_and_nothing_is_made(
    staff_client, county, column, answered_2025
):
    client = staff_client("disclosure")
    page_ = client.get(REPORT, {"year": "2025", "department": "SFX"})
    assert 'id="publish-report"' not in page(page_)
    assert client.post(PUBLISH).status_code == 403
    # A GET goes back to the report it names, publishing nothing.
    assert client.get(PUBLISH)["Location"] == REPORT + "?year=2025&department=SFX"
    assert client.put(PUBLISH).status_code == 405
    assert not Item.objects.exists()
    editor = staff_client("editor")
    assert editor.post(PUBLISH).status_code == 403
    assert not Item.objects.exists()


def test_the_summary_is_never_published(staff_client, column, answered_2025):
    client = staff_client("disclosure_head")
    response = client.post(REPORT + "publish/?year=2025&department=all")
    assert response.status_code == 403
    assert not Item.objects.exists()


def test_without_a_column_the_refusal_is_shown_next_to_the_button(staff_client, answered_2025):
    response = staff_client("disclosure_head").post(PUBLISH)
    assert response.status_code == 200
    assert "网站上没有“政府信息公开年报”栏目" in page(response)
    assert 'id="id_publish_error"' in page(response)
    assert not Item.objects.exists()
    assert not AnnualReport.objects.filter(publication_reference__gt="").exists()


def test_a_report_that_fails_its_own_check_is_not_published(
    staff_client, county, column, answered_2025
):
    answered_2025.finished_on = date(2025, 1, 1)  # before it was received
    answered_2025.save()
    response = staff_client("disclosure_head").post(PUBLISH)
    assert response.status_code == 200
    assert "表三数据未通过核对" in page(response)
    assert not Item.objects.exists()


def test_a_bad_year_is_refused_before_anything_is_made(staff_client, column, answered_2025):
    response = staff_client("disclosure_head").post(REPORT + "publish/?year=abc&department=SFX")
    assert response.status_code == 400
    assert not Item.objects.exists()


def test_the_registry_hands_the_document_to_the_one_publisher(county, column):
    """core.publications: disclosure names no publishing code; the publisher answers."""
    assert publications.can_publish()
    publication = publications.publish_document(
        kind=publications.ANNUAL_REPORT,
        department=county.dept["GSX"],  # no column of its own: the site's
        title="高山乡人民政府2025年政府信息公开工作年度报告",
        body="一、总体情况\n本年度……",
        attachment_name="高山乡人民政府2025年政府信息公开工作年度报告.pdf",
        attachment=build_small_pdf(),
        actor=county.user["disclosure_head"],
    )
    item = Item.objects.get(pk=int(publication.reference))
    assert item.column == column and publication.place == "政府信息公开年报"
    assert publication.url == f"/workbench/publishing/items/{item.pk}/"


def build_small_pdf() -> bytes:
    from tests.documents import make_pdf

    return make_pdf("Annual report")


def test_the_health_panel_warns_from_1_january_until_the_report_is_published(
    staff_client, county, column, answered_2025
):
    with at("2026-01-02 09:00"):
        response = staff_client("chief").get(HEALTH)
    assert "“政府信息公开年报”栏目尚未发布2025年度报告（应于2026年1月31日前公布）" in page(response)
    assert "待发布" in page(response)
    with at("2026-02-02 09:00"):
        assert "逾期未发布" in page(staff_client("chief").get(HEALTH))

    with at("2026-01-20 10:00"):
        staff_client("disclosure_head").post(PUBLISH)
    item = Item.objects.get(column=column)
    for username in ("chief", "editor_in_chief"):
        step = Step.objects.get(workflow__item=item, state=Step.State.PENDING)
        publishing_actions.approve_step(
            actor=county.user[username], step=step, secrecy_confirmed=True
        )
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
    with at("2026-02-02 09:00"):
        response = staff_client("chief").get(HEALTH)
    assert response.status_code == 200
    assert "尚未发布2025年度报告" not in page(response)
    # A year later the next report is missing again.
    with at("2027-01-05 09:00"):
        assert "尚未发布2026年度报告" in page(staff_client("chief").get(HEALTH))
