"""The review workflow: each transition allowed and refused, through the actions."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import AuditEvent
from gongkai.publishing import actions
from gongkai.publishing.actions import ItemData
from gongkai.publishing.catalogue import Category, ContentKind
from gongkai.publishing.models import Item, Step, Workflow
from gongkai.publishing.pii_gate import PersonalInfoFound

pytestmark = pytest.mark.django_db


@pytest.fixture
def column(county):
    return actions.create_column(
        actor=None, name="农业农村", slug="nyj-dt", department=county.dept["NYJ"], is_news=True
    )


@pytest.fixture
def people(county):
    return county.user


def draft(people, column, **kw):
    data = ItemData(
        title=kw.pop("title", "春耕生产工作情况"),
        body=kw.pop("body", "<p>全县春耕进展顺利。</p>"),
        **kw,
    )
    return actions.create_item(actor=people["editor"], column=column, data=data)


def pending(item):
    return Workflow.objects.get(item=item, state=Workflow.State.IN_PROGRESS).steps.get(
        state=Step.State.PENDING
    )


def through_review(people, item):
    actions.submit_item(actor=people["editor"], item=item)
    actions.approve_step(actor=people["chief"], step=pending(item))
    actions.approve_step(
        actor=people["editor_in_chief"], step=pending(item), secrecy_confirmed=True
    )
    item.refresh_from_db()
    return item


def test_three_levels_publish_after_the_chief_and_the_editor_in_chief(people, column):
    item = draft(people, column)
    workflow = actions.submit_item(actor=people["editor"], item=item)
    assert [s.level for s in workflow.steps.all()] == ["chief_editor", "editor_in_chief"]
    actions.approve_step(actor=people["chief"], step=pending(item))
    item.refresh_from_db()
    assert item.status == Item.Status.DRAFT
    actions.approve_step(
        actor=people["editor_in_chief"],
        step=pending(item),
        comment="同意发布",
        secrecy_confirmed=True,
    )
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
    assert item.live_revision_id == item.latest_revision_id
    assert item.index_number.startswith(column.department.credit_code + "/")


def test_each_step_is_pinned_to_the_revision_it_judged(people, column):
    item = draft(people, column)
    actions.submit_item(actor=people["editor"], item=item)
    step = pending(item)
    assert step.revision_id == item.latest_revision_id


def test_a_one_level_column_publishes_on_submit(people, county):
    column = actions.create_column(
        actor=None, name="通知", slug="tz", department=county.dept["NYJ"], review_levels=1
    )
    item = draft(people, column)
    workflow = actions.submit_item(actor=people["editor"], item=item)
    item.refresh_from_db()
    assert workflow.state == Workflow.State.APPROVED
    assert item.status == Item.Status.PUBLISHED


def test_sensitive_content_gets_the_office_step_last(people, column):
    item = draft(people, column, content_kind=ContentKind.APPOINTMENT)
    workflow = actions.submit_item(actor=people["editor"], item=item)
    assert [s.level for s in workflow.steps.all()] == ["chief_editor", "editor_in_chief", "office"]
    actions.approve_step(actor=people["chief"], step=pending(item))
    actions.approve_step(actor=people["editor_in_chief"], step=pending(item))
    with pytest.raises(PermissionDenied):
        actions.approve_step(actor=people["chief"], step=pending(item))
    actions.approve_step(
        actor=people["office_reviewer"], step=pending(item), secrecy_confirmed=True
    )
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED


def test_an_emergency_category_column_is_sensitive(people, county):
    column = actions.create_column(
        actor=None,
        name="突发公共事件",
        slug="tfsj",
        department=county.dept["NYJ"],
        category=Category.ART20_12,
    )
    workflow = actions.submit_item(actor=people["editor"], item=draft(people, column))
    assert workflow.steps.last().level == "office"


def test_reject_needs_a_comment_and_sends_the_item_back(people, column):
    item = draft(people, column)
    actions.submit_item(actor=people["editor"], item=item)
    with pytest.raises(InvalidInput) as exc:
        actions.reject_step(actor=people["chief"], step=pending(item), comment="  ")
    assert exc.value.field == "comment"
    actions.reject_step(actor=people["chief"], step=pending(item), comment="请补充文号")
    workflow = Workflow.objects.get(item=item)
    assert workflow.state == Workflow.State.REJECTED
    assert workflow.steps.get(level="editor_in_chief").state == Step.State.SKIPPED
    # Fixed and resubmitted: a new workflow on the new revision.
    actions.save_revision(
        actor=people["editor"],
        item=item,
        data=ItemData(title="春耕生产工作情况", document_number="示农发〔2026〕1号"),
    )
    second = actions.submit_item(actor=people["editor"], item=item)
    assert second.revision.number == 2


def test_only_one_active_workflow_per_item(people, column):
    item = draft(people, column)
    actions.submit_item(actor=people["editor"], item=item)
    with pytest.raises(InvalidTransition):
        actions.submit_item(actor=people["editor"], item=item)


def test_a_step_cannot_be_decided_twice(people, column):
    item = draft(people, column)
    actions.submit_item(actor=people["editor"], item=item)
    step = pending(item)
    actions.approve_step(actor=people["chief"], step=step)
    with pytest.raises(InvalidTransition):
        actions.approve_step(actor=people["chief"], step=step)
    with pytest.raises(InvalidTransition):
        actions.reject_step(actor=people["chief"], step=step, comment="晚了")


def test_the_editor_cannot_approve_and_the_wrong_level_is_refused(people, column):
    item = draft(people, column)
    actions.submit_item(actor=people["editor"], item=item)
    with pytest.raises(PermissionDenied):
        actions.approve_step(actor=people["editor"], step=pending(item))
    with pytest.raises(PermissionDenied):
        actions.approve_step(actor=people["editor_in_chief"], step=pending(item))


def test_an_editor_of_another_department_can_neither_create_nor_edit(people, column):
    with pytest.raises(PermissionDenied):
        actions.create_item(
            actor=people["township_editor"], column=column, data=ItemData(title="x")
        )
    item = draft(people, column)
    with pytest.raises(PermissionDenied):
        actions.save_revision(actor=people["township_editor"], item=item, data=ItemData(title="改"))
    with pytest.raises(PermissionDenied):
        actions.submit_item(actor=people["township_editor"], item=item)


def test_editing_during_review_cancels_it_and_editing_a_published_item_restarts_review(
    people, column
):
    item = draft(people, column)
    actions.submit_item(actor=people["editor"], item=item)
    actions.save_revision(actor=people["editor"], item=item, data=ItemData(title="改后标题"))
    assert Workflow.objects.get(item=item).state == Workflow.State.CANCELLED
    item = through_review(people, item)
    live = item.live_revision_id
    actions.save_revision(actor=people["editor"], item=item, data=ItemData(title="再次修改"))
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
    assert (
        item.live_revision_id == live
    )  # the public keeps the approved version until the new one passes
    actions.submit_item(actor=people["editor"], item=item)
    assert Workflow.objects.filter(item=item, state=Workflow.State.IN_PROGRESS).exists()


def test_an_already_approved_revision_cannot_be_submitted_again(people, column):
    item = through_review(people, draft(people, column))
    with pytest.raises(InvalidTransition):
        actions.submit_item(actor=people["editor"], item=item)


def test_personal_information_stops_submission_until_masked(people, column):
    item = draft(people, column, body="<p>联系人：张三，电话13812345678。</p>")
    with pytest.raises(PersonalInfoFound) as exc:
        actions.submit_item(actor=people["editor"], item=item)
    assert exc.value.findings[0][1].kind == "mobile"
    assert not Workflow.objects.filter(item=item).exists()
    assert AuditEvent.objects.filter(action="item.pii_block", object_id=str(item.pk)).exists()
    revision = actions.mask_personal_info(actor=people["editor"], item=item)
    assert "138****5678" in revision.body and "13812345678" not in revision.body
    actions.submit_item(actor=people["editor"], item=item)


def test_a_reviewer_may_let_personal_information_through_with_a_reason(people, column):
    item = draft(people, column, body="<p>举报电话：13812345678</p>")
    with pytest.raises(PermissionDenied):
        actions.submit_item(actor=people["editor"], item=item, pii_override_reason="我觉得可以")
    workflow = actions.submit_item(
        actor=people["chief"], item=item, pii_override_reason="公开的举报电话，应当公布"
    )
    assert workflow.pii_override_reason
    assert AuditEvent.objects.filter(action="item.pii_override", object_id=str(item.pk)).exists()


def test_emergency_publish_needs_a_reason_and_leaves_an_after_review(people, column):
    item = draft(people, column)
    with pytest.raises(PermissionDenied):
        actions.emergency_publish(
            actor=people["chief"], item=item, reason="急", secrecy_confirmed=True
        )
    with pytest.raises(InvalidInput):
        actions.emergency_publish(
            actor=people["editor_in_chief"], item=item, reason="", secrecy_confirmed=True
        )
    with pytest.raises(InvalidInput) as unconfirmed:
        actions.emergency_publish(actor=people["editor_in_chief"], item=item, reason="防汛紧急通知")
    assert unconfirmed.value.field == "secrecy_confirmed"
    assert Item.objects.get(pk=item.pk).live_revision_id is None
    actions.emergency_publish(
        actor=people["editor_in_chief"], item=item, reason="防汛紧急通知", secrecy_confirmed=True
    )
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED and item.needs_after_review
    with pytest.raises(PermissionDenied):
        actions.complete_after_review(actor=people["editor"], item=item)
    actions.complete_after_review(actor=people["chief"], item=item, comment="内容无误")
    item.refresh_from_db()
    assert not item.needs_after_review
    with pytest.raises(InvalidTransition):
        actions.complete_after_review(actor=people["chief"], item=item)


def test_withdraw_needs_a_reason_and_only_published_items(people, column):
    item = draft(people, column)
    with pytest.raises(InvalidTransition):
        actions.withdraw_item(actor=people["chief"], item=item, reason="错误")
    item = through_review(people, item)
    with pytest.raises(PermissionDenied):
        actions.withdraw_item(actor=people["editor"], item=item, reason="错误")
    with pytest.raises(InvalidInput):
        actions.withdraw_item(actor=people["chief"], item=item, reason=" ")
    actions.withdraw_item(actor=people["chief"], item=item, reason="数据有误，更正后重新发布")
    item.refresh_from_db()
    assert item.status == Item.Status.WITHDRAWN
    with pytest.raises(PermissionDenied):
        actions.save_revision(actor=people["editor"], item=item, data=ItemData(title="x"))


def test_validity_changes_record_the_date_and_the_replacing_item(people, column):
    old = through_review(people, draft(people, column, title="旧办法"))
    new = through_review(people, draft(people, column, title="新办法"))
    with pytest.raises(InvalidInput):
        actions.change_validity(actor=people["editor"], item=old, validity="bogus")
    with pytest.raises(InvalidInput):
        actions.change_validity(
            actor=people["editor"], item=old, validity="repealed", replaced_by=old
        )
    actions.change_validity(
        actor=people["editor"], item=old, validity=Item.Validity.REPEALED, replaced_by=new
    )
    old.refresh_from_db()
    assert (
        old.validity == "repealed"
        and old.replaced_by == new
        and old.validity_changed_on is not None
    )


def test_index_numbers_are_unique_sequential_and_never_reused(people, column):
    first = through_review(people, draft(people, column, title="一"))
    second = through_review(people, draft(people, column, title="二"))
    year = timezone.localdate().year
    assert first.index_number.endswith(f"/{year}-00001")
    assert second.index_number.endswith(f"/{year}-00002")
    actions.withdraw_item(actor=people["chief"], item=second, reason="重复")
    third = through_review(people, draft(people, column, title="三"))
    assert third.index_number.endswith(f"/{year}-00003")


def test_a_scheduled_item_waits_for_its_time(people, column):
    item = draft(people, column)
    later = timezone.now() + timedelta(hours=2)
    with pytest.raises(InvalidInput):
        actions.submit_item(
            actor=people["editor"], item=item, publish_at=timezone.now() - timedelta(minutes=1)
        )
    actions.submit_item(actor=people["editor"], item=item, publish_at=later)
    actions.approve_step(actor=people["chief"], step=pending(item))
    actions.approve_step(
        actor=people["editor_in_chief"], step=pending(item), secrecy_confirmed=True
    )
    item.refresh_from_db()
    assert item.status == Item.Status.SCHEDULED and item.live_revision is None
    assert actions.publish_due_items(now=timezone.now()) == 0
    assert actions.publish_due_items(now=later + timedelta(seconds=1)) == 1
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
    assert actions.publish_due_items(now=later + timedelta(minutes=5)) == 0


@pytest.mark.django_db(transaction=True)
def test_two_workers_publish_a_scheduled_item_exactly_once():
    from gongkai.core.models import Department, User
    from gongkai.demo.county import is_loaded, load_demo_county

    if not is_loaded():  # another transactional test may have emptied the database first
        load_demo_county()
    people = {u.username: u for u in User.objects.all()}
    column = actions.create_column(
        actor=None, name="定时", slug="ds", department=Department.objects.get(short_code="NYJ")
    )
    items = []
    for n in range(6):
        item = actions.create_item(
            actor=people["editor"], column=column, data=ItemData(title=f"定时发布{n}")
        )
        actions.submit_item(
            actor=people["editor"], item=item, publish_at=timezone.now() + timedelta(minutes=1)
        )
        actions.approve_step(actor=people["chief"], step=pending(item))
        actions.approve_step(
            actor=people["editor_in_chief"], step=pending(item), secrecy_confirmed=True
        )
        items.append(item)
    due = timezone.now() + timedelta(minutes=2)
    results, errors, barrier = [], [], threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            results.append(actions.publish_due_items(now=due))
        except Exception as exc:  # a crashed worker would make "exactly once" trivially true
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(results) == 2 and sum(results) == 6
    assert (
        AuditEvent.objects.filter(
            action="item.publish", object_id__in=[str(i.pk) for i in items]
        ).count()
        == 6
    )
    assert (
        Item.objects.filter(pk__in=[i.pk for i in items], status=Item.Status.PUBLISHED).count() == 6
    )
