"""Migrations 0002-0003 of 依申请公开: a reply that pointed to a published item by foreign key
keeps what it pointed to as a reference (索引号, or the item's number), title and address;
migrating back points to the item again."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from gongkai.disclosure.models import DisclosureRequest

BEFORE = [("disclosure", "0001_initial")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def latest():
    return [
        ("disclosure", MigrationExecutor(connection).loader.graph.leaf_nodes("disclosure")[0][1])
    ]


def published_items(county):
    from gongkai.publishing.actions import ItemData, create_column, import_published_item

    column = create_column(
        actor=None, name="通知公告", slug="tzgg-migration", department=county.dept["BGS"]
    )
    at = datetime.datetime(2025, 1, 20, tzinfo=datetime.UTC)
    with_number = import_published_item(
        actor=None,
        column=column,
        data=ItemData(title="2024年度县政府工作报告", publisher="示范县"),
        published_at=at,
        index_number="000000000/2025-00042",
    )
    without = import_published_item(
        actor=None,
        column=column,
        data=ItemData(title="道路改造工程中标公告", publisher="示范县"),
        published_at=at,
    )
    # An item published before 索引号 were given: cited by its number.
    type(without).objects.filter(pk=without.pk).update(index_number=None)
    return with_number, without


def old_reply(apps, county, number: str, item) -> int:
    """A reply as 0001 stored it: a foreign key to the item."""
    old = apps.get_model("disclosure", "DisclosureRequest")
    return old.objects.create(
        number=number,
        query_code_hash="0" * 64,
        department_id=county.dept["BGS"].pk,
        channel="online",
        received_on=datetime.date(2025, 3, 3),
        applicant_type="natural",
        applicant_name="王小明",
        id_type="resident_id",
        id_number="11010519491231002X",
        id_number_index="1" * 64,
        phone="13800138000",
        info_title="政府工作报告",
        info_description="2024年度县政府工作报告全文。",
        requested_form="electronic",
        delivery="online",
        status="replied",
        outcome="1",
        reply_text="已主动公开。",
        finished_on=datetime.date(2025, 3, 10),
        published_item_id=item.pk if item else None,
    ).pk


@pytest.mark.django_db(transaction=True)
def test_replies_keep_what_they_pointed_to_and_migrating_back_points_to_it_again(county):
    with_number, without = published_items(county)
    forward = latest()
    try:
        apps = migrate(BEFORE)
        first = old_reply(apps, county, "2025-00001", with_number)
        second = old_reply(apps, county, "2025-00002", without)
        neither = old_reply(apps, county, "2025-00003", None)
        migrate(forward)
        replies = DisclosureRequest.objects.in_bulk([first, second, neither])
        assert (
            replies[first].published_reference,
            replies[first].published_title,
            replies[first].published_url,
        ) == (
            "000000000/2025-00042",
            "2024年度县政府工作报告",
            reverse("publishing:item", args=[with_number.pk]),
        )
        assert replies[second].published_reference == str(without.pk)
        assert replies[second].published_title == "道路改造工程中标公告"
        assert replies[neither].published_reference == ""
        assert replies[neither].published_url == ""

        apps = migrate(BEFORE)
        old = apps.get_model("disclosure", "DisclosureRequest").objects
        assert dict(old.values_list("pk", "published_item_id")) == {
            first: with_number.pk,
            second: without.pk,
            neither: None,
        }
    finally:
        migrate(forward)
