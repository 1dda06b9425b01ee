"""Every write in 政务公开: one function each, in a transaction, with its audit event.

By job: `columns` (栏目 settings), `items` (drafts and revisions), `review` (三审),
`publication` (going live, withdrawal, validity), `villages` (村务公开's columns). Callers use this package's names:
`from gongkai.publishing import actions; actions.submit_item(...)`.
"""

from gongkai.publishing.actions.columns import (
    COLUMN_FIELDS,
    MAX_REVIEW_LEVELS,
    create_column,
    update_column,
)
from gongkai.publishing.actions.common import ItemData
from gongkai.publishing.actions.documents import submit_document
from gongkai.publishing.actions.items import (
    create_item,
    import_published_item,
    mask_personal_info,
    save_revision,
)
from gongkai.publishing.actions.publication import (
    change_validity,
    complete_after_review,
    emergency_publish,
    publish_due_items,
    withdraw_item,
)
from gongkai.publishing.actions.review import (
    approve_step,
    recall_item,
    reject_step,
    submit_item,
)
from gongkai.publishing.actions.villages import set_up_village

__all__ = [
    "COLUMN_FIELDS",
    "MAX_REVIEW_LEVELS",
    "ItemData",
    "approve_step",
    "change_validity",
    "complete_after_review",
    "create_column",
    "create_item",
    "emergency_publish",
    "import_published_item",
    "mask_personal_info",
    "publish_due_items",
    "recall_item",
    "reject_step",
    "save_revision",
    "set_up_village",
    "submit_document",
    "submit_item",
    "update_column",
    "withdraw_item",
]
