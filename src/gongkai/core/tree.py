"""Trees kept as materialised paths: departments here, and any module's tree of its own.

A node's `path` lists the primary keys from its root down to itself, each zero-padded to
six digits and followed by "/" ("/000001/000004/000009/"). So:

- "this node and everything under it" is one indexed prefix query;
- ordering by `path` is tree order (/000003/ sorts before /000021/);
- a node's ancestors are read from its own row, without walking up the parents.

The concrete model declares its own `parent` (a foreign key to itself, related name
"children"); the path always agrees with it because every write goes through `insert` and
`move`. (django-treebeard's MP_Node is not used: its paths are fixed-width base-36 steps
without separators, so adopting it would mean rewriting every stored path.)
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr

STEP_DIGITS = 6
# Held by a new row for the moment between its INSERT and the UPDATE that gives it its path
# (the path contains the primary key, which the INSERT assigns).
PENDING = "/pending/"


class TreeNode(models.Model):
    """A node of a materialised-path tree (the concrete model adds `parent`)."""

    # The whole tree position in one indexed column: see the module docstring.
    path = models.CharField(max_length=255, db_index=True, editable=False)

    class Meta:
        abstract = True

    def descendants_and_self(self) -> models.QuerySet:
        return type(self)._default_manager.filter(path__startswith=self.path)

    def ancestor_ids(self) -> list[int]:
        """Primary keys from the root down to this node, itself included."""
        return ancestor_ids(self.path)

    @property
    def depth(self) -> int:
        """0 for a root, 1 for its children, and so on."""
        return depth(self.path)


def child_path(parent: TreeNode | None, pk: int) -> str:
    """The path of node `pk` placed under `parent` (None: a root)."""
    return f"{parent.path if parent is not None else '/'}{pk:0{STEP_DIGITS}d}/"


def ancestor_ids(path: str) -> list[int]:
    """The primary keys in `path`, root first, the node itself last."""
    return [int(step) for step in path.strip("/").split("/") if step]


def depth(path: str) -> int:
    return len(ancestor_ids(path)) - 1


def is_within(path: str, root_path: str) -> bool:
    """Whether the node at `path` is the node at `root_path` or under it."""
    return path.startswith(root_path)


def within(paths: str | Iterable[str], field: str = "path") -> Q:
    """Rows whose `field` (a path, e.g. "department__path") is at or under any of `paths`.

    No paths matches nothing (an empty `Q()` would match everything).
    """
    paths = [paths] if isinstance(paths, str) else list(paths)
    if not paths:
        return Q(pk__in=[])
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def insert(node: TreeNode) -> None:
    """Save a new `node` under `node.parent`; its path needs its primary key, so two writes."""
    node.path = PENDING
    node.save()
    node.path = child_path(node.parent, node.pk)
    node.save(update_fields=["path"])


def move(node: TreeNode, parent: TreeNode | None) -> None:
    """Re-root `node`'s subtree under `parent` (None: a root): one UPDATE for every path in it.

    Only the paths are written (and `node.parent` set in memory); the caller saves `parent`
    with the node's other fields. Refuses (ValueError) to put a node under itself, which
    would cut its subtree off from every root: actions check `is_within` first to say so
    in their own words.
    """
    if parent is not None and is_within(parent.path, node.path):
        raise ValueError(f"cannot move node {node.pk} under itself or its descendants")
    node.parent = parent
    old, new = node.path, child_path(parent, node.pk)
    if old == new:
        return
    # Each path in the subtree keeps what follows the old prefix: new + path[len(old):].
    type(node)._default_manager.filter(path__startswith=old).update(
        path=Concat(Value(new), Substr("path", len(old) + 1), output_field=models.CharField())
    )
    node.path = new
