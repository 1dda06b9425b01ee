"""保密审查 before anything is released (条例 Art. 17), written as the officer who drafts a reply,
the head of the disclosure office who reviews it, the applicant, and in 政务公开 the reviewers
of the last level:

- a reply that releases information (予以公开, 部分公开) is sent only after a recorded review
  by someone other than its drafter, holding the role the settings name within their scope;
- the opinion and the reviewer are on the staff timeline, not on the applicant's page;
- publishing's last review level confirms the same review, stored on its step and shown in
  the review history.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from gongkai.core import actions as core_actions
from gongkai.core.models import AuditEvent
from gongkai.disclosure import actions, roles
from gongkai.disclosure.models import DisclosureRequest, RequestDocument, RequestEvent
from gongkai.publishing import actions as publishing
from gongkai.publishing.models import Item, Step, Workflow
from tests.pages import assert_forbidden, at, field_errors, page, textarea
from tests.replies import applicant_view
from tests.test_disclosure_staff_views import application, url

pytestmark = pytest.mark.django_db

NOW = "2025-11-03 10:00"  # a Monday; requests below were received Friday 31 October
TODAY = "2025-11-03"
OPINION = "经审查，拟公开的招标文件不涉及国家秘密、商业秘密、个人隐私，同意公开。"
DISCLOSE = {"outcome": "1", "reply_text": "现向您提供招标文件。", "fee_method": "none"}


def received(county):
    with at("2025-10-31 09:00"):
        return actions.submit_application(data=application(), department=county.dept["BGS"])


def fresh(request) -> DisclosureRequest:
    return DisclosureRequest.objects.get(pk=request.pk)


def drafted(staff_client, request, data=DISCLOSE, by="disclosure"):
    client = staff_client(by)
    response = client.post(url(request, "reply/"), data)
    assert response.status_code == 302
    return client


def reviewed(client, request, decision="agree", opinion=OPINION, on=TODAY):
    return client.post(
        url(request, "reply/secrecy/"), {"decision": decision, "opinion": opinion, "on": on}
    )


def user_with(county, username: str, role: str, dept: str):
    user = core_actions.create_user(
        actor=None, username=username, password="Gongkai-Demo-2026", display_name=username
    )
    core_actions.assign_role(actor=None, user=user, department=county.dept[dept], role=role)
    county.user[username] = user
    return user


@pytest.fixture
def second_head(county):
    """Another head of the disclosure office (县人民政府办公室)."""
    return user_with(county, "bgs_head2", roles.DISCLOSURE_HEAD, "BGS")


# ---------------------------------------------------------------- the gate


def test_a_disclosing_reply_is_refused_until_its_secrecy_review(staff_client, county):
    request, code = received(county)
    with at(NOW):
        officer = drafted(staff_client, request)
        html = page(officer.get(url(request)))
        assert "答复草稿（尚未发送）" in html and "待保密审查" in html
        assert 'action="' + url(request, "reply/send/") + '"' not in html
        refused = officer.post(url(request, "reply/send/"), {"on": TODAY}, follow=True)
        assert "须经保密审查（第十七条）后才能发送" in page(refused)
        applicant_page, documents = applicant_view(request, code)
    request = fresh(request)
    assert request.status == DisclosureRequest.Status.PROCESSING and request.finished_on is None
    assert not request.documents.filter(kind=RequestDocument.Kind.REPLY_NOTICE).exists()
    assert documents == {}  # nothing reached the applicant
    assert "拟定答复" not in applicant_page


def test_the_head_reviews_then_the_officer_sends_on_the_reply_date(staff_client, county):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.documents import make_pdf

    request, code = received(county)
    tender = SimpleUploadedFile("招标文件.pdf", make_pdf("TENDER"), content_type="application/pdf")
    with at(NOW):
        drafted(staff_client, request, {**DISCLOSE, "attachments": [tender]})
        _page, before = applicant_view(request, code)
        assert "招标文件.pdf" not in before  # the drafted file waits for the review
        head = staff_client("disclosure_head")
        assert "提交保密审查意见" in page(head.get(url(request)))
        assert reviewed(head, request).status_code == 302
        officer = staff_client("disclosure")
        staff_html = page(officer.get(url(request)))
        assert OPINION in staff_html and "冯主任" in staff_html
        sent = officer.post(url(request, "reply/send/"), {"on": TODAY})
        assert sent.status_code == 302
        applicant_page, after = applicant_view(request, code)
    request = fresh(request)
    assert request.status == DisclosureRequest.Status.REPLIED
    assert request.finished_on == date(2025, 11, 3)  # the reply date is the send date
    assert request.secrecy_reviewed_by == county.user["disclosure_head"]
    assert request.drafted_by == county.user["disclosure"]
    assert "招标文件.pdf" in after and f"答复告知书-{request.number}.pdf" in after
    review = request.events.get(kind=RequestEvent.Kind.SECRECY_REVIEWED)
    assert review.public is False
    assert review.actor == county.user["disclosure_head"] and OPINION in review.note
    assert not request.events.get(kind=RequestEvent.Kind.REPLY_DRAFTED).public
    assert OPINION not in applicant_page and "保密审查" not in applicant_page
    assert "作出答复" in applicant_page
    assert AuditEvent.objects.filter(
        action="disclosure.secrecy_review", object_id=str(request.pk), actor=review.actor
    ).exists()


def test_a_draft_waiting_for_review_is_in_the_reviewers_inbox(staff_client, county):
    from gongkai.core.inbox import entries_for

    request, _code = received(county)
    with at(NOW):
        drafted(staff_client, request)

        def waiting(username):
            return [e for e in entries_for(county.user[username]) if "待保密审查" in e.title]

        assert [e.url for e in waiting("disclosure_head")] == [url(request)]
        assert waiting("disclosure") == []  # the drafter, and no reviewer
        assert url(request) in page(staff_client("disclosure_head").get("/workbench/"))
        reviewed(staff_client("disclosure_head"), request)
        assert waiting("disclosure_head") == []


def test_a_partial_disclosure_is_reviewed_too_and_a_refusal_is_not(staff_client, county):
    partial, _code = received(county)
    refusal, _code = received(county)
    with at(NOW):
        officer = drafted(
            staff_client,
            partial,
            {**DISCLOSE, "outcome": "2", "withheld": "报价明细涉及商业秘密。"},
        )
        refused = officer.post(url(partial, "reply/send/"), {"on": TODAY}, follow=True)
        assert "须经保密审查" in page(refused)
        officer = drafted(staff_client, refusal, {**DISCLOSE, "outcome": "3.1"})
        assert officer.post(url(refusal, "reply/send/"), {"on": TODAY}).status_code == 302
    assert fresh(partial).status == DisclosureRequest.Status.PROCESSING
    assert fresh(refusal).status == DisclosureRequest.Status.REPLIED
    assert fresh(refusal).secrecy_reviewed_by is None


def test_the_drafter_cannot_review_their_own_draft(staff_client, county, second_head):
    request, _code = received(county)
    with at(NOW):
        head = drafted(staff_client, request, by="disclosure_head")
        assert "提交保密审查意见" not in page(head.get(url(request)))
        own = reviewed(head, request)
        assert_forbidden(own, "不能审查自己拟定的答复")
        assert fresh(request).secrecy_reviewed_by is None
        other = staff_client("bgs_head2")
        assert reviewed(other, request).status_code == 302
    assert fresh(request).secrecy_reviewed_by == second_head


def test_an_officer_or_another_agency_cannot_review(staff_client, county, other_officer):
    request, _code = received(county)
    with at(NOW):
        officer = drafted(staff_client, request)
        assert_forbidden(reviewed(officer, request), "您没有此申请答复的保密审查权限")
        assert_forbidden(reviewed(staff_client("nyj_disclosure"), request), "不属于您负责的机关")
        assert staff_client("editor").post(url(request, "reply/secrecy/"), {}).status_code == 403
        head = staff_client("disclosure_head")
        assert head.get(url(request, "reply/secrecy/"))["Location"] == url(request)
    assert fresh(request).secrecy_reviewed_by is None
    assert not fresh(request).events.filter(kind=RequestEvent.Kind.SECRECY_REVIEWED).exists()


def test_a_review_refuses_bad_input_next_to_the_field(staff_client, county):
    request, _code = received(county)
    with at(NOW):
        drafted(staff_client, request)
        head = staff_client("disclosure_head")
        no_opinion = reviewed(head, request, opinion="  ")
        assert "请填写保密审查意见" in field_errors(no_opinion, "secrecy_opinion")
        no_decision = reviewed(head, request, decision="")
        assert "请选择审查结论" in field_errors(no_decision, "secrecy_decision")
        assert OPINION in textarea(no_decision, "opinion")
        future = reviewed(head, request, on="2025-11-04")
        assert "不能晚于今天" in field_errors(future, "secrecy_on")
    assert fresh(request).secrecy_reviewed_by is None
    assert not fresh(request).events.filter(kind=RequestEvent.Kind.SECRECY_REVIEWED).exists()


def test_a_draft_sent_back_is_drafted_again_and_reviewed_again(staff_client, county):
    request, _code = received(county)
    with at(NOW):
        drafted(staff_client, request)
        head = staff_client("disclosure_head")
        back = reviewed(
            head, request, decision="return", opinion="附件含个人身份证号，请遮盖后再报。"
        )
        assert back.status_code == 302
        officer = staff_client("disclosure")
        html = page(officer.get(url(request)))
        assert "附件含个人身份证号" in html and "修改答复草稿" in html
        assert "现向您提供招标文件。" in html  # the draft is shown again to be edited
        refused = officer.post(url(request, "reply/send/"), {"on": TODAY}, follow=True)
        assert "须经保密审查" in page(refused)
        drafted(staff_client, request, {**DISCLOSE, "reply_text": "现向您提供招标文件（已遮盖）。"})
        assert reviewed(staff_client("disclosure_head"), request).status_code == 302
        # A new draft after the review needs a new review.
        drafted(staff_client, request, {**DISCLOSE, "reply_text": "另附中标公告。"})
        again = staff_client("disclosure").post(
            url(request, "reply/send/"), {"on": TODAY}, follow=True
        )
        assert "须经保密审查" in page(again)
    request = fresh(request)
    assert request.secrecy_reviewed_by is None and request.status == "processing"
    verdicts = [e.note for e in request.events.filter(kind=RequestEvent.Kind.SECRECY_REVIEWED)]
    assert verdicts[0].startswith("不同意公开，退回经办人修改") and verdicts[1].startswith(
        "同意公开"
    )


def test_the_reply_is_not_dated_before_its_review(staff_client, county):
    request, _code = received(county)
    with at(NOW):
        drafted(staff_client, request)
        reviewed(staff_client("disclosure_head"), request, on="2025-11-03")
        early = staff_client("disclosure").post(url(request, "reply/send/"), {"on": "2025-10-31"})
        assert "答复日期不能早于保密审查日期" in field_errors(early, "send_on")
        assert 'value="2025-10-31"' in page(early)
    assert fresh(request).status == DisclosureRequest.Status.PROCESSING


def test_sending_is_for_the_handlers_and_needs_a_draft(staff_client, county, other_officer):
    request, _code = received(county)
    with at(NOW):
        officer = staff_client("disclosure")
        nothing = officer.post(url(request, "reply/send/"), {"on": TODAY}, follow=True)
        assert "请先拟定答复，再发送" in page(nothing)
        drafted(staff_client, request, {**DISCLOSE, "outcome": "3.1"})
        assert_forbidden(
            staff_client("nyj_disclosure").post(url(request, "reply/send/"), {"on": TODAY}),
            "不属于您负责的机关",
        )
        bad = staff_client("disclosure").post(url(request, "reply/send/"), {"on": "31/10/2025"})
        assert "请按 YYYY-MM-DD 的格式填写日期" in field_errors(bad, "send_on")
    assert fresh(request).status == DisclosureRequest.Status.PROCESSING


# ---------------------------------------------------------------- who reviews: settings


def test_the_reviewing_role_is_a_setting(staff_client, county, settings):
    settings.DISCLOSURE_SECRECY_REVIEW_ROLE = roles.DISCLOSURE_OFFICER
    user_with(county, "bgs_officer2", roles.DISCLOSURE_OFFICER, "BGS")
    request, _code = received(county)
    with at(NOW):
        drafted(staff_client, request)
        assert_forbidden(reviewed(staff_client("disclosure_head"), request), "保密审查权限")
        assert reviewed(staff_client("bgs_officer2"), request).status_code == 302
    assert fresh(request).secrecy_reviewed_by == county.user["bgs_officer2"]


def test_the_scope_is_the_department_tree_or_the_department_itself(county, settings):
    """A head of the county government (above 县人民政府办公室) reviews its replies with the
    default scope "tree", not with "department"."""
    above = user_with(county, "sfx_head", roles.DISCLOSURE_HEAD, "SFX")
    officer = county.user["disclosure"]
    request, _code = received(county)
    with at(NOW):
        actions.draft_reply(
            actor=officer, request=request, data=actions.ReplyData(**_data(DISCLOSE))
        )
        settings.DISCLOSURE_SECRECY_REVIEW_SCOPE = "department"
        with pytest.raises(PermissionDenied):
            actions.review_secrecy(
                actor=above, request=request, agreed=True, opinion=OPINION, on=date(2025, 11, 3)
            )
        settings.DISCLOSURE_SECRECY_REVIEW_SCOPE = "tree"
        actions.review_secrecy(
            actor=above, request=request, agreed=True, opinion=OPINION, on=date(2025, 11, 3)
        )
    assert fresh(request).secrecy_reviewed_by == above


@pytest.mark.parametrize(
    ("setting", "value"),
    [("DISCLOSURE_SECRECY_REVIEW_ROLE", "no_such_role"), ("DISCLOSURE_SECRECY_REVIEW_SCOPE", "x")],
)
def test_a_misconfigured_review_fails_loudly_and_sends_nothing(county, settings, setting, value):
    request, _code = received(county)
    with at(NOW):
        actions.draft_reply(
            actor=county.user["disclosure"],
            request=request,
            data=actions.ReplyData(**_data(DISCLOSE)),
        )
        setattr(settings, setting, value)
        with pytest.raises(ImproperlyConfigured):
            actions.review_secrecy(
                actor=county.user["disclosure_head"],
                request=request,
                agreed=True,
                opinion=OPINION,
                on=date(2025, 11, 3),
            )
    assert fresh(request).secrecy_reviewed_by is None


def _data(form: dict) -> dict:
    return {k: v for k, v in form.items() if k in ("outcome", "reply_text", "fee_method")}


# ---------------------------------------------------------------- publishing's last level


@pytest.fixture
def column(county):
    return publishing.create_column(
        actor=None, name="通知公告", slug="nyj-notices", department=county.dept["NYJ"]
    )


def in_review(county, column) -> Item:
    item = publishing.create_item(
        actor=county.user["editor"],
        column=column,
        data=publishing.ItemData(title="春耕生产工作通知", body="<p>全县春耕进展顺利。</p>"),
    )
    publishing.submit_item(actor=county.user["editor"], item=item)
    return item


def pending(item) -> Step:
    workflow = Workflow.objects.get(item=item, state=Workflow.State.IN_PROGRESS)
    return workflow.steps.get(state=Step.State.PENDING)


def decide(client, item, **data):
    return client.post(
        f"/workbench/publishing/items/{item.pk}/steps/{pending(item).pk}/decide/", data
    )


def test_only_the_last_level_asks_for_the_secrecy_review(staff_client, county, column):
    item = in_review(county, column)
    chief = staff_client("chief")
    assert "进行保密审查，同意公开" not in page(
        chief.get(f"/workbench/publishing/items/{item.pk}/")
    )
    assert decide(chief, item, decision="approve").status_code == 302  # not the last level
    boss = staff_client("editor_in_chief")
    assert "进行保密审查，同意公开" in page(boss.get(f"/workbench/publishing/items/{item.pk}/"))


def test_the_last_level_is_refused_without_the_confirmation(staff_client, county, column):
    item = in_review(county, column)
    publishing.approve_step(actor=county.user["chief"], step=pending(item))
    boss = staff_client("editor_in_chief")
    refused = decide(boss, item, decision="approve_with_comment", comment="同意发布")
    assert refused.status_code == 200
    assert "须确认已按《政府信息公开条例》第十七条进行保密审查" in field_errors(
        refused, "decide_secrecy_confirmed"
    )
    assert "同意发布" in textarea(refused, "comment")
    item.refresh_from_db()
    assert item.status == Item.Status.DRAFT and pending(item).level == Step.Level.EDITOR_IN_CHIEF


def test_the_confirmation_is_stored_on_the_step_and_shown_in_the_history(
    staff_client, county, column
):
    item = in_review(county, column)
    publishing.approve_step(actor=county.user["chief"], step=pending(item))
    last = pending(item)
    boss = staff_client("editor_in_chief")
    assert decide(boss, item, decision="approve", secrecy_confirmed="on").status_code == 302
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
    steps = {s.level: s.secrecy_confirmed for s in last.workflow.steps.all()}
    assert steps == {Step.Level.CHIEF_EDITOR: False, Step.Level.EDITOR_IN_CHIEF: True}
    history = page(boss.get(f"/workbench/publishing/items/{item.pk}/"))
    row = history[history.index("网站总编审核</td>") :].split("</tr>")[0]
    assert "已确认" in row
    approval = AuditEvent.objects.filter(action="step.approve", object_id=str(item.pk)).latest(
        "seq"
    )
    assert approval.data["secrecy_confirmed"] is True


def test_sending_back_needs_no_confirmation_and_the_editor_cannot_confirm(
    staff_client, county, column
):
    item = in_review(county, column)
    publishing.approve_step(actor=county.user["chief"], step=pending(item))
    editor = staff_client("editor")
    forbidden = decide(editor, item, decision="approve", secrecy_confirmed="on")
    assert_forbidden(forbidden, "您没有“网站总编审核”的审核权限")
    boss = staff_client("editor_in_chief")
    assert decide(boss, item, decision="reject", comment="请核对数据").status_code == 302
    workflow = Workflow.objects.filter(item=item).latest("started_at")
    assert workflow.state == Workflow.State.REJECTED
    assert not workflow.steps.filter(secrecy_confirmed=True).exists()
