"""The demo county's message board (留言板) and consultations (意见征集), made through their
actions on the days they happened (the wall clock moved, as for the letters).

The board: posts published by the moderator, one waiting for moderation, one rejected, and one
hidden after visitors reported it (settings.LETTERS_REPORTS_TO_HIDE reports). The
consultations: one open now with comments, one whose period ended months ago, with its
comments answered, the feedback report (采纳情况) published and the final policy, published in
the 规范性文件 column, linked by its 索引号.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings

from gongkai.core.clock import today
from gongkai.core.models import Department, User
from gongkai.demo.services import moment, wall_clock
from gongkai.letters import actions
from gongkai.letters.models import Post
from gongkai.publishing.actions import ItemData, import_published_item
from gongkai.publishing.catalogue import Topic
from gongkai.publishing.html import from_plain_text
from gongkai.publishing.models import Column

MODERATOR = "moderator"
EDITOR = "consultation_editor"
POLICY_COLUMN = "art20-1"  # 行政法规、规章和规范性文件

# (days ago, nickname, title, body, what happens: publish / reject / pending / hidden)
POSTS = [
    (120, "青山老农", "春耕化肥价格能否稳定", "今年化肥涨价不少，希望有关部门关注农资价格。", "publish"),
    (95, "小城居民", "建议城区增设公共厕所", "滨河路一带散步的人多，没有公共厕所，建议增设。", "publish"),
    (80, "龙溪村民", "村里的路灯修好了，点赞", "上个月反映的路灯坏了，这个月就修好了，感谢。", "publish"),
    (60, "家长", "希望延长学校课后服务时间", "双职工家庭下班晚，希望课后服务延长到六点。", "publish"),
    (45, "过路人", "县城停车难", "人民路一带白天很难停车，建议规划建设停车场。", "hidden"),
    (30, "热心网友", "广告：高价回收旧家电", "高价回收各种旧家电，上门服务。", "reject"),
    (20, "桃源村民", "桃源村桃子丰收，欢迎来采摘", "今年桃子丰收，欢迎大家周末来村里采摘。", "publish"),
    (2, "新桥村民", "新桥村到乡里的客车班次太少", "每天只有两班车，建议增加班次。", "pending"),
]  # fmt: skip
REJECT_NOTE = "内容为商业广告，与政务无关，不予发布。"
REPORT_REASON = "内容与事实不符。"
HIDDEN_REVIEW_DAYS = 3  # the hidden post waits for its review: left hidden in the demo

CLOSED = {
    "department": "NYJ",
    "title": "《示范县农村人居环境整治提升五年行动实施方案（征求意见稿）》公开征求意见",
    "explanation": "为持续改善农村人居环境，县农业农村局起草了《示范县农村人居环境整治提升五年"
    "行动实施方案（征求意见稿）》，现公开征求社会各界意见。",
    "draft_text": "一、总体要求\n以农村厕所革命、生活污水垃圾治理、村容村貌提升为重点，"
    "到五年末，农村卫生厕所普及率达到90%以上。\n二、重点任务\n（一）扎实推进农村厕所革命。\n"
    "（二）加快推进农村生活污水治理。\n（三）全面提升农村生活垃圾治理水平。\n"
    "（四）整体提升村容村貌。\n三、保障措施\n加强组织领导，强化资金保障，发挥农民主体作用。",
    "comments": [
        ("和平村民", "建议把厕所改造补助标准提高一些，山区施工成本高。", True,
         "已采纳：对山区村的改厕补助标准上浮20%。"),
        ("新桥乡干部", "垃圾清运要明确由谁负责，经费怎么保障。", True,
         "已采纳：方案明确乡镇负责清运，经费列入县级财政预算。"),
        ("热心网友", "建议每个村都建污水处理厂。", False,
         "未采纳：分散居住的村庄建设集中处理设施成本过高，方案采用集中与分散处理相结合的方式。"),
        ("石门村民", "希望村里多种树，搞好绿化。", True,
         "已采纳：在“整体提升村容村貌”中增加村庄绿化内容。"),
    ],
    "feedback": "征求意见期间共收到意见4条，采纳3条，未采纳1条。采纳的意见已在正式方案中体现，"
    "未采纳意见的理由已逐条说明。感谢社会各界的关心和支持。",
}  # fmt: skip
OPEN = {
    "department": "ZRJ",
    "title": "《示范县城区停车设施专项规划（征求意见稿）》公开征求意见",
    "explanation": "为缓解城区停车难问题，县自然资源局组织编制了《示范县城区停车设施专项规划"
    "（征求意见稿）》，现公开征求意见。",
    "draft_text": "一、规划范围\n县城建成区。\n二、规划目标\n到规划期末，新增公共停车泊位2000个。"
    "\n三、设施布局\n在人民路、滨河路、迎宾大道周边布局公共停车场5处。",
    "comments": [
        ("小城居民", "建议在医院附近优先建设停车场。", True),
        ("出租车司机", "希望规划出租车临时停靠点。", True),
        ("人民路商户", "停车场收费标准要合理。", None),
    ],
}


def _user(username: str) -> User:
    return User.objects.get(username=username)


def load_demo_board() -> list[Post]:
    moderator = _user(MODERATOR)
    on, posts = today(), []
    for days_ago, author, title, body, fate in POSTS:
        submitted = moment(on - timedelta(days=days_ago), 20)
        with wall_clock(submitted):
            post = actions.submit_post(author_name=author, title=title, body=body)
        if fate == "pending":
            posts.append(post)
            continue
        with wall_clock(submitted + timedelta(hours=14)):
            post = actions.moderate_post(
                actor=moderator,
                post=post,
                publish=fate != "reject",
                note=REJECT_NOTE if fate == "reject" else "",
            )
        if fate == "hidden":
            for visitor in range(settings.LETTERS_REPORTS_TO_HIDE):
                with wall_clock(submitted + timedelta(days=1 + visitor)):
                    post = actions.report_post(
                        post=post, reason=REPORT_REASON, reporter_hash=_visitor(visitor)
                    )
        posts.append(post)
    return posts


def _visitor(number: int) -> str:
    """A reporter's hash as the board keeps it (made-up visitors)."""
    return hashlib.sha256(f"demo-visitor-{number}".encode()).hexdigest()


def _consultation(spec: dict, opens_on, closes_on, at):
    editor = _user(EDITOR)
    department = Department.objects.get(short_code=spec["department"])
    with wall_clock(at):
        made = actions.create_consultation(
            actor=editor,
            department=department,
            title=spec["title"],
            explanation=spec["explanation"],
            draft_text=spec["draft_text"],
            opens_on=opens_on,
            closes_on=closes_on,
        )
        return actions.publish_consultation(actor=editor, consultation=made)


def _comments(consultation, spec: dict, first_day) -> list:
    moderator = _user(MODERATOR)
    made = []
    for number, (author, body, *rest) in enumerate(spec["comments"]):
        day = first_day + timedelta(days=2 + 3 * number)
        with wall_clock(moment(day, 15)):
            comment = actions.submit_comment(
                consultation=consultation, author_name=author, body=body
            )
        if rest[0] is not None:  # None: still waiting for moderation
            with wall_clock(moment(day + timedelta(days=1), 10)):
                comment = actions.moderate_comment(actor=moderator, comment=comment, show=True)
        made.append(comment)
    return made


def load_demo_consultations() -> None:
    on = today()
    days = settings.LETTERS_CONSULTATION_MIN_DAYS
    # Closed months ago: answered, reported, and the final policy linked.
    opens = on - timedelta(days=days + 120)
    closed = _consultation(CLOSED, opens, opens + timedelta(days=days), moment(opens, 9))
    comments = _comments(closed, CLOSED, opens)
    editor = _user(EDITOR)
    ended = opens + timedelta(days=days + 3)
    with wall_clock(moment(ended, 10)):
        for comment, (_author, _body, adopted, response) in zip(
            comments, CLOSED["comments"], strict=True
        ):
            actions.respond_to_comment(
                actor=editor, comment=comment, adopted=adopted, response=response
            )
    with wall_clock(moment(ended + timedelta(days=4), 10)):
        closed = actions.publish_feedback(
            actor=editor, consultation=closed, feedback=CLOSED["feedback"]
        )
    policy_day = ended + timedelta(days=30)
    item = _final_policy(policy_day)
    with wall_clock(moment(policy_day, 15)):
        actions.link_final_policy(actor=editor, consultation=closed, index_number=item.index_number)
    # Open now: it began nine days ago and runs its whole period.
    opens = on - timedelta(days=9)
    current = _consultation(OPEN, opens, opens + timedelta(days=days + 5), moment(opens, 9))
    _comments(current, OPEN, opens)


def _final_policy(day):
    """The policy as finally adopted, published in the 规范性文件 column (as the import does:
    the columns' own review is shown by the publishing demo)."""
    column = Column.objects.get(slug=POLICY_COLUMN)
    published = moment(day, 11)
    data = ItemData(
        title="示范县农村人居环境整治提升五年行动实施方案",
        body=from_plain_text(CLOSED["draft_text"]),
        document_number=f"示农发〔{day.year}〕8号",
        publisher=Department.objects.get(short_code=CLOSED["department"]).name,
        created_on=day,
        topic=Topic.AGRICULTURE,
        keywords="农村人居环境",
    )
    with wall_clock(published):
        return import_published_item(actor=None, column=column, data=data, published_at=published)
