"""政务服务 for the applicant, through HTTP: the progress page opened by number + query code,
supplying materials after a one-time notice, the case's documents; the signed proof, the rate
limit, masking, query counts."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.core import pii
from gongkai.services import actions
from gongkai.services.models import Case, CaseDocument, CaseStep
from gongkai.services.views.applications import case_token
from tests.pages import at, field_errors, page
from tests.services_cases import Window, person, published_item
from tests.services_public import (
    APPLY,
    CREDIT_CODE,
    EXE,
    SUPPLY,
    TRACK,
    WRONG_PAIR,
    a_pdf,
    applied_online,
    checked,
    element_text,
    errors_block,
    later,
    noticed,
    status_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(county):
    return published_item(county.dept["NYJ"])


@pytest.fixture
def window(county):
    return Window(county)


# ---------------------------------------------------------------- following the case


def test_the_right_number_and_code_open_the_case_with_its_steps_and_due_dates(client, item):
    with at("2025-09-26 10:00"):
        case, code = applied_online(item)
        response = client.post(TRACK, {"number": case.number, "code": code.lower()})
        assert response.status_code == 302
        location = urlsplit(response["Location"])
        assert location.path == TRACK and code not in response["Location"]
        status = client.get(response["Location"])
    assert status.status_code == 200
    assert element_text(status, "case-item") == "动物防疫条件合格证核发"
    assert element_text(status, "case-status") == "待受理"
    # Five days for the one-time notice: 26 September 2025 + 5 working days, across the
    # National Day holiday (1-8 October; 28 September a make-up working day) -> 10 October.
    assert element_text(status, "intake-due") == "2025年10月10日"
    assert re.search(r"2025年9月26日</span> <strong>申请</strong>", page(status))
    assert "no-store" in status["Cache-Control"]
    # The address carries the proof: it goes in no Referer to another site.
    assert status["Referrer-Policy"] == "same-origin"


def test_the_page_shows_both_due_dates_after_acceptance_and_pauses(client, item, window):
    with at("2025-09-26 10:00"):
        case, _code = applied_online(item, skip=())
        case = actions.accept_case(actor=window.clerk, case=case, opinion="材料齐全，予以受理。")
        status = status_of(client, case)
        # 10 and 20 working days after Friday 26 September, across the National Day holiday
        # (28 September and 11 October are make-up working days).
        assert element_text(status, "promised-due") == "2025年10月16日"
        assert element_text(status, "legal-due") == "2025年10月30日"
        assert "材料齐全，予以受理。" in page(status)
        actions.start_special_procedure(
            actor=window.clerk, case=case, kind="expert_review", on=case.accepted_on
        )
        status = status_of(client, case)
    assert "暂停中" in element_text(status, "promised-due")
    assert "暂停中" in element_text(status, "legal-due")


def test_a_wrong_code_and_a_wrong_number_get_the_same_answer(client, item):
    case, code = applied_online(item)
    wrong_code = client.post(TRACK, {"number": case.number, "code": "AAAA-BBBB-CCCC-DDDD"})
    wrong_number = client.post(TRACK, {"number": "ZW2099999999", "code": code})
    assert wrong_code.status_code == wrong_number.status_code == 200
    assert WRONG_PAIR in errors_block(wrong_code)
    assert errors_block(wrong_code) == errors_block(wrong_number)
    assert case.applicant_name not in page(wrong_code)


def test_tracking_is_limited_per_address(client, item):
    case, code = applied_online(item)
    for _i in range(10):
        assert client.post(TRACK, {"number": case.number, "code": "WRONG"}).status_code == 200
    response = client.post(TRACK, {"number": case.number, "code": code})
    assert response.status_code == 429
    assert "查询次数过多，请 10 分钟后再试。" in page(response)
    with later(601):
        assert client.post(TRACK, {"number": case.number, "code": code}).status_code == 302


def test_the_page_masks_personal_data(client, item):
    case, _code = applied_online(item)
    Case.objects.filter(pk=case.pk).update(applicant_name="欧阳明月")
    case.refresh_from_db()
    html = page(status_of(client, case))
    assert "欧阳明月" not in html and "13800138000" not in html and CREDIT_CODE not in html
    assert pii.mask_name("欧阳明月") in html
    assert "138****8000" in html


def test_internal_steps_are_not_shown(client, item, window):
    case, _code = applied_online(item)
    actions.assign_case(actor=window.clerk, case=case, handler=window.clerk2)
    html = page(status_of(client, case))
    assert "申请" in html
    assert str(CaseStep.Action.ASSIGN.label) not in html and "窗口乙" not in html


def test_a_forged_or_expired_token_opens_nothing(client, item):
    case, _code = applied_online(item)
    token = case_token(case)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad in (forged, "", "not-a-token"):
        response = status_of(client, case, bad) if bad else client.get(TRACK, {"t": ""})
        assert response.status_code == 403
        assert "查询已超时或链接无效" in page(response)
        assert case.number not in page(response)
    with later(31 * 60):
        assert status_of(client, case, token).status_code == 403


def test_a_token_dies_with_a_new_query_code(client, item):
    case, _code = applied_online(item)
    token = case_token(case)
    Case.objects.filter(pk=case.pk).update(query_code_hash="0" * 64)
    assert status_of(client, case, token).status_code == 403


def test_the_elderly_mode_renders_the_pages(client, item):
    case, _code = applied_online(item)
    client.cookies["gk_elderly"] = "1"
    for response in (client.get(APPLY), client.get(TRACK), status_of(client, case)):
        assert response.status_code == 200
        assert 'class="elderly' in page(response)


def test_the_progress_page_takes_a_fixed_number_of_queries(client, item, window):
    small, _code = applied_online(item)

    def count(case) -> int:
        token = case_token(case)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(TRACK, {"t": token}).status_code == 200
        return len(queries)

    client.get(TRACK)  # the site's per-process caches filled
    first = count(small)
    # More steps, documents and materials: a notice, then everything supplied and accepted.
    big, _code = applied_online(item)
    big = noticed(big, window)
    rows = big.materials.filter(state__in=["missing", "defective"])
    actions.supply_materials(case=big, files={r.pk: checked(r.name) for r in rows})
    actions.accept_case(actor=window.clerk, case=big)
    assert count(big) == first == 4  # the case, its materials, steps and documents
    # Waiting for the applicant: the open notice too, however many materials it lists.
    assert count(noticed(applied_online(item)[0], window)) == 5


# ---------------------------------------------------------------- supplying materials


def test_the_applicant_supplies_what_the_notice_asked_for(client, item, window):
    case, _code = applied_online(item)
    case = noticed(case, window)
    status = status_of(client, case)
    html = page(status)
    assert element_text(status, "case-status") == "待补正"
    assert "申请表缺少法定代表人签字。" in html
    assert "补正期间不计入办理时限" in html
    rows = list(case.materials.filter(state__in=["missing", "defective"]))
    assert len(rows) == 2
    for row in rows:
        assert f'name="material_{row.pk}"' in html
    response = client.post(
        SUPPLY,
        {"t": case_token(case)} | {f"material_{r.pk}": a_pdf(f"{r.name}.pdf") for r in rows},
    )
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query)["t"]
    case.refresh_from_db()
    assert case.status == Case.Status.SUBMITTED
    assert set(case.materials.values_list("state", flat=True)) == {"provided"}
    assert case.notices.get().answered_on is not None
    assert case.steps.filter(action=CaseStep.Action.SUPPLIED).exists()
    after = client.get(response["Location"])
    assert "已收到补正材料，窗口将重新审查。" in page(after)
    assert "待受理" in element_text(after, "case-status")


def test_supplying_part_of_the_materials_is_refused_and_changes_nothing(client, item, window):
    case = noticed(applied_online(item)[0], window)
    first, second = case.materials.filter(state__in=["missing", "defective"])
    response = client.post(
        SUPPLY, {"t": case_token(case), f"material_{first.pk}": a_pdf("补正.pdf")}
    )
    assert response.status_code == 200
    assert "请选择" in field_errors(response, f"material_{second.pk}")
    case.refresh_from_db()
    assert case.status == Case.Status.AWAITING_APPLICANT


def test_a_bad_file_is_refused_next_to_its_material(client, item, window):
    case = noticed(applied_online(item)[0], window)
    first, second = case.materials.filter(state__in=["missing", "defective"])
    fake = SimpleUploadedFile("补正.pdf", EXE, content_type="application/pdf")
    response = client.post(
        SUPPLY,
        {
            "t": case_token(case),
            f"material_{first.pk}": fake,
            f"material_{second.pk}": a_pdf("b.pdf"),
        },
    )
    assert "不允许上传" in field_errors(response, f"material_{first.pk}")
    assert Case.objects.get(pk=case.pk).status == Case.Status.AWAITING_APPLICANT


def test_supplying_needs_a_valid_token(client, item, window):
    case = noticed(applied_online(item)[0], window)
    rows = case.materials.filter(state__in=["missing", "defective"])
    files = {f"material_{r.pk}": a_pdf(f"{r.name}.pdf") for r in rows}
    response = client.post(SUPPLY, {"t": "forged"} | files)
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).status == Case.Status.AWAITING_APPLICANT


def test_nothing_to_supply_when_no_notice_is_open(client, item):
    case, _code = applied_online(item)
    response = client.post(SUPPLY, {"t": case_token(case)})
    assert response.status_code == 302
    assert "该办件当前没有需要补正的材料。" in page(client.get(response["Location"]))


# ---------------------------------------------------------------- documents


def test_the_applicant_downloads_the_notice_and_nothing_else(client, item, window):
    case = noticed(applied_online(item)[0], window)
    doc = case.documents.get(kind=CaseDocument.Kind.ONE_TIME_NOTICE)
    token = case_token(case)
    status = status_of(client, case, token)
    assert f"/zwfw/track/documents/{doc.pk}/?t=" in page(status)
    response = client.get(f"/zwfw/track/documents/{doc.pk}/", {"t": token})
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    CaseDocument.objects.filter(pk=doc.pk).update(for_applicant=False)
    assert client.get(f"/zwfw/track/documents/{doc.pk}/", {"t": token}).status_code == 404


def test_a_document_refuses_a_forged_expired_or_other_cases_token(client, item, window):
    case = noticed(applied_online(item)[0], window)
    doc = case.documents.get()
    url = f"/zwfw/track/documents/{doc.pk}/"
    token = case_token(case)
    assert client.get(url).status_code == 403
    assert (
        client.get(url, {"t": token[:-1] + ("x" if token[-1] != "x" else "y")}).status_code == 403
    )
    with later(31 * 60):
        assert client.get(url, {"t": token}).status_code == 403
    other, _code = applied_online(item)
    assert client.get(url, {"t": case_token(other)}).status_code == 404


def test_a_person_is_tracked_too(client, item):
    case, code = actions.submit_online(item=item, data=person(), materials=[])
    response = client.post(TRACK, {"number": case.number, "code": code})
    status = client.get(response["Location"])
    assert element_text(status, "applicant") == pii.mask_name("王小明")
    assert "王小明" not in page(status)
