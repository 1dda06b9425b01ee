"""意见征集 test building blocks: the personas, a consultation in each phase, comments, and a
published policy to link. Dates: the draft is written on Friday 31 October 2025, the period
runs from Monday 3 November to Wednesday 3 December 2025 (30 days), frozen with time_machine."""

from __future__ import annotations

import datetime

from gongkai.core import actions as core_actions
from gongkai.demo.county import DEMO_PASSWORD
from gongkai.letters import roles
from gongkai.letters.actions import consultations as actions
from tests.pages import at

OPENS = datetime.date(2025, 11, 3)
CLOSES = datetime.date(2025, 12, 3)
WRITTEN = "2025-10-31 09:00"
DURING = "2025-11-10 10:00"
AFTER = "2025-12-05 10:00"
TITLE = "关于《示范县农村人居环境整治提升实施方案（征求意见稿）》公开征求意见的公告"
PHONE_COMMENT = "建议增加垃圾清运频次，联系电话 13912345678。"
POLICY_INDEX = "11510000MB0000005E/2025-00077"


def person(username: str, role: str, department, display_name: str):
    """A user with one role in `department`, signing in with the demo password."""
    user = core_actions.create_user(
        actor=None, username=username, password=DEMO_PASSWORD, display_name=display_name
    )
    core_actions.assign_role(actor=None, user=user, department=department, role=role)
    return user


class People:
    """The consultation editor of 县农业农村局, one of 县民政局 who must be refused, and a
    moderator of the government office."""

    def __init__(self, county):
        self.department = county.dept["NYJ"]
        self.editor = person("c_editor", roles.CONSULTATION_EDITOR, self.department, "农征集")
        self.stranger = person(
            "c_stranger", roles.CONSULTATION_EDITOR, county.dept["MZJ"], "民征集"
        )
        self.moderator = person("c_moderator", roles.MODERATOR, county.dept["BGS"], "审留言")


def draft(people: People, *, title: str = TITLE, opens=OPENS, closes=CLOSES, **extra):
    with at(WRITTEN):
        return actions.create_consultation(
            actor=people.editor,
            department=people.department,
            title=title,
            explanation="为改善农村人居环境，起草了本方案。重点听取垃圾治理和厕所改造方面的意见。",
            draft_text="第一条 为了……\n第二条 各乡镇应当……",
            opens_on=opens,
            closes_on=closes,
            **extra,
        )


def opened(people: People, **changes):
    """A consultation published on 31 October, taking comments from 3 November."""
    consultation = draft(people, **changes)
    with at(WRITTEN):
        return actions.publish_consultation(actor=people.editor, consultation=consultation)


def comment(consultation, when: str = DURING, *, name: str = "王小明", body: str = "赞成。"):
    with at(when):
        return actions.submit_comment(consultation=consultation, author_name=name, body=body)


def answered_and_reported(people: People, consultation, comments_and_answers, when=AFTER):
    """Moderate (show), answer each comment, then publish the report."""
    with at(when):
        for item, show, adopted, response in comments_and_answers:
            actions.moderate_comment(actor=people.moderator, comment=item, show=show)
            actions.respond_to_comment(
                actor=people.editor, comment=item, adopted=adopted, response=response
            )
        return actions.publish_feedback(
            actor=people.editor, consultation=consultation, feedback="共收到意见两条，已逐条研究。"
        )


def published_policy(county, index_number: str = POLICY_INDEX):
    """The final policy, live in 政府信息公开 with its 索引号."""
    from gongkai.publishing.actions import ItemData, create_column, import_published_item

    column = create_column(
        actor=None, name="政策文件", slug="nyj-policies", department=county.dept["NYJ"]
    )
    return import_published_item(
        actor=None,
        column=column,
        data=ItemData(title="示范县农村人居环境整治提升实施方案", publisher="示范县农业农村局"),
        published_at=datetime.datetime(2025, 12, 20, tzinfo=datetime.UTC),
        index_number=index_number,
    )
