"""The message board's test building blocks: a moderator, posts in each state."""

from __future__ import annotations

from gongkai.core import actions as core_actions
from gongkai.core import pii
from gongkai.core.models import Department, User
from gongkai.letters import roles
from gongkai.letters.actions import board as actions
from gongkai.letters.models import Post

MODERATOR = "board_moderator"
ID_FIRST17 = "11010519491231002"
RESIDENT_ID = ID_FIRST17 + pii.id_check_char(ID_FIRST17)
PHONE = "13812345678"
MASKED_PHONE = "138****5678"


def make_moderator(username: str = MODERATOR) -> User:
    """留言审核人员 of the government office (the office runs the site's board)."""
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    user = core_actions.create_user(
        actor=None, username=username, password="Gongkai-Demo-2026", display_name="周审核"
    )
    core_actions.assign_role(
        actor=None,
        user=user,
        department=Department.objects.get(short_code="BGS"),
        role=roles.MODERATOR,
    )
    return user


def pending_post(title: str = "建议增加公交班次", body: str = "城关到高山乡的班车太少。") -> Post:
    return actions.submit_post(author_name="热心市民", title=title, body=body)


def published_post(moderator: User, **texts) -> Post:
    post = pending_post(**texts)
    return actions.moderate_post(actor=moderator, post=post, publish=True)


def hidden_post(moderator: User, reports: int = 3) -> Post:
    post = published_post(moderator)
    for n in range(reports):
        post = actions.report_post(post=post, reason="广告", reporter_hash=f"visitor-{n}")
    return post
