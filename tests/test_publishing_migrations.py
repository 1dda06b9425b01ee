"""Migration 0004 of 政务公开: every revision made before it gets the count of its attachments,
which the public item page reads to skip the attachments' query when there are none."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gongkai.core import files
from gongkai.core.actions import store_upload
from gongkai.publishing.actions import ItemData, create_column, import_published_item
from gongkai.publishing.models import Revision
from tests.documents import make_pdf

BEFORE = [("publishing", "0003_village_affairs")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()


def latest():
    return [
        ("publishing", MigrationExecutor(connection).loader.graph.leaf_nodes("publishing")[0][1])
    ]


@pytest.mark.django_db(transaction=True)
def test_revisions_made_before_the_count_get_it(county):
    column = create_column(
        actor=None, name="通知公告", slug="tzgg-count", department=county.dept["BGS"]
    )
    pdf = make_pdf("Notice")
    uploads = [
        store_upload(
            actor=None, checked=files.check_upload(SimpleUploadedFile(f"附件{i}.pdf", pdf))
        )
        for i in range(3)
    ]
    with_three = import_published_item(
        actor=None, column=column, data=ItemData(title="带附件", attachments=uploads)
    )
    without = import_published_item(actor=None, column=column, data=ItemData(title="无附件"))
    assert Revision.objects.get(item=with_three).attachment_count == 3  # set by the action
    forward = latest()
    migrate(BEFORE)
    migrate(forward)
    counts = dict(Revision.objects.values_list("item_id", "attachment_count"))
    assert counts[with_three.pk] == 3 and counts[without.pk] == 0
