"""Building blocks for the tests of 政务服务 on the portal (the applicant's side): the online
form as an applicant fills it in, reading pages, a case applied for and one under a notice."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core.files import check_bytes
from gongkai.services import actions
from gongkai.services.models import Case, CaseMaterial
from gongkai.services.views.applications import case_token
from tests.documents import make_pdf
from tests.pages import page
from tests.services_cases import materials_of, organisation

CODE = "T-520000-DFY-001"
APPLY = f"/zwfw/items/{CODE}/apply/"
RECEIPT = "/zwfw/apply/receipt/"
TRACK = "/zwfw/track/"
SUPPLY = "/zwfw/track/supply/"
RESIDENT_ID = "11010519491231002X"
CREDIT_CODE = "91520000MA6DXY123H"
WRONG_PAIR = "办件编号或查询码不正确"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200)


def later(seconds: int):
    """Move the wall clock `seconds` ahead of now."""
    return time_machine.travel(datetime.now(UTC) + timedelta(seconds=seconds), tick=False)


def a_pdf(name: str, text: str = "material") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf(text), content_type="application/pdf")


def form_data(item, *, skip: tuple[int, ...] = (), **overrides) -> dict:
    """The form as an organisation fills it in, with a file for every material but `skip`."""
    data = {
        "applicant_type": "organisation",
        "applicant_name": "黔南某某养殖专业合作社",
        "legal_representative": "王大山",
        "id_type": "credit_code",
        "id_number": CREDIT_CODE,
        "phone": "13812345678",
        "email": "coop@example.com",
        "address": "高山乡和平村三组",
        "delivery": "in_person",
    }
    for index, material in enumerate(materials_of(item)):
        if index not in skip:
            data[f"material_{material.pk}"] = a_pdf(
                f"{material.name}.pdf", f"material {material.pk}"
            )
    data.update(overrides)
    return data


def element_text(response, element_id: str) -> str:
    found = re.search(
        rf'id="{element_id}"[^>]*>(.*?)</(?:dd|p|h1|span|ul|ol)>', page(response), re.S
    )
    assert found, f"no #{element_id}"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def errors_block(response) -> str:
    found = re.search(r'<div class="form-errors".*?</div>', page(response), re.S)
    return found.group(0) if found else ""


def submit(client, item, **overrides):
    """Apply and follow to the receipt; (receipt response, number, query code)."""
    response = client.post(APPLY, form_data(item, **overrides))
    assert response.status_code == 302, errors_block(response) or page(response)[:800]
    assert response["Location"] == RECEIPT
    receipt = client.get(RECEIPT)
    return receipt, element_text(receipt, "case-number"), element_text(receipt, "query-code")


def status_of(client, case: Case, token: str | None = None):
    return client.get(TRACK, {"t": token or case_token(case)})


def applied_online(item, *, skip: tuple[int, ...] = (1,)) -> tuple[Case, str]:
    """A case submitted online through the action (a required material left out)."""
    submissions = [
        actions.MaterialSubmission(material=m, file=None)
        if index in skip
        else actions.MaterialSubmission(material=m, file=checked(m.name))
        for index, m in enumerate(materials_of(item))
    ]
    return actions.submit_online(item=item, data=organisation(), materials=submissions)


def checked(name: str):
    return check_bytes(f"{name}.pdf", make_pdf("material"))


def noticed(case: Case, window) -> Case:
    """The clerk tells, in one notice, the missing material and a defective one."""
    first = case.materials.get(state=CaseMaterial.State.PROVIDED, material__order=0)
    actions.send_one_time_notice(
        actor=window.clerk, case=case, problems={first.pk: "申请表缺少法定代表人签字。"}
    )
    return Case.objects.get(pk=case.pk)
