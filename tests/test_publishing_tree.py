"""The one materialised-path tree (core.tree) that departments and columns both are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.core import actions as core_actions
from gongkai.core import tree
from gongkai.core.errors import InvalidInput
from gongkai.core.models import Department
from gongkai.publishing import actions
from gongkai.publishing.models import Column

pytestmark = pytest.mark.django_db


def test_paths_list_the_padded_keys_from_the_root(county):
    top = county.dept["BGS"]
    dept = core_actions.create_department(
        actor=None, name="科室", short_code="KS", parent=top, kind=Department.Kind.OFFICE
    )
    assert dept.path == f"{top.path}{dept.pk:06d}/"
    assert dept.ancestor_ids() == [*top.ancestor_ids(), dept.pk]
    assert dept.depth == top.depth + 1
    assert set(top.descendants_and_self()) >= {top, dept}
    assert tree.ancestor_ids("/000001/000042/") == [1, 42]
    assert tree.depth("/000007/") == 0


def test_within_matches_a_subtree_and_nothing_for_no_paths(county):
    top = county.dept["BGS"]
    assert Department.objects.filter(tree.within(top.path)).count() == (
        top.descendants_and_self().count()
    )
    assert not Department.objects.filter(tree.within([])).exists()


def _column(county, slug, parent=None):
    return actions.create_column(
        actor=None,
        name=slug,
        slug=slug,
        department=county.dept["BGS"],
        kind=Column.Kind.SECTION,
        parent=parent,
    )


def test_a_move_rewrites_the_whole_subtree_in_one_update(county):
    a, b = _column(county, "a"), _column(county, "b")
    child = _column(county, "c", parent=a)
    grandchild = _column(county, "d", parent=child)
    with CaptureQueriesContext(connection) as queries:
        tree.move(child, b)
    assert len(queries) == 1 and queries[0]["sql"].startswith("UPDATE")
    assert child.path == f"{b.path}{child.pk:06d}/" and child.parent == b
    grandchild.refresh_from_db()
    assert grandchild.path == f"{child.path}{grandchild.pk:06d}/"
    a.refresh_from_db()
    assert a.path == f"/{a.pk:06d}/"  # outside the subtree: untouched


def test_a_node_cannot_move_under_itself(county):
    a = _column(county, "a")
    child = _column(county, "c", parent=a)
    with pytest.raises(ValueError):
        tree.move(a, child)
    with pytest.raises(InvalidInput):
        actions.update_column(actor=county.user["admin"], column=a, parent=child)
