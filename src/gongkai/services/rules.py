"""The law of 政务服务 as constants: time limits, item kinds, case results and the vocabularies
of the 实施清单, each number named once with its source.

行政许可法 (2019): Art. 42 (20 working days, +10 with the head's approval), Art. 45 (hearing,
tendering, auction, testing, quarantine and expert review not counted), Art. 32 (refusal in
writing; the one-time notice of everything missing within 5 days), Art. 38 (a denial gives its
reasons and the remedy). 国务院关于加快推进全国一体化在线政务服务平台建设的指导意见 (国发〔2018〕27号)
and GB/T 32169 / 国家政务服务事项基本目录 for the catalogue's fields and vocabularies.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

LEGAL_DAYS = 20  # 行政许可法 Art. 42: decide within 20 working days of acceptance
EXTENSION_DAYS = 10  # Art. 42: extended by 10 working days with the head's approval
JOINT_LEGAL_DAYS = 45  # Art. 42 para. 2: handled jointly by several departments
JOINT_EXTENSION_DAYS = 15
ONE_TIME_NOTICE_DAYS = 5  # Art. 32 (四): everything missing told at once within 5 days


class ItemType(models.TextChoices):
    """事项类型: the ten kinds of 职权 plus public services (国家政务服务事项基本目录)."""

    LICENSING = "licensing", _("行政许可")
    PENALTY = "penalty", _("行政处罚")
    COERCION = "coercion", _("行政强制")
    LEVY = "levy", _("行政征收")
    BENEFIT = "benefit", _("行政给付")
    INSPECTION = "inspection", _("行政检查")
    CONFIRMATION = "confirmation", _("行政确认")
    REWARD = "reward", _("行政奖励")
    ADJUDICATION = "adjudication", _("行政裁决")
    OTHER = "other", _("其他行政权力")
    PUBLIC_SERVICE = "public_service", _("公共服务")


# The kinds of the 职权目录 (all but public services).
POWER_TYPES = [t for t in ItemType if t != ItemType.PUBLIC_SERVICE]


class Audience(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("法人")


class LifeEvent(models.TextChoices):
    """主题分类: 个人 life events and 法人 stages, as the provincial catalogues list them."""

    BIRTH = "birth", _("生育收养")
    HOUSEHOLD = "household", _("户籍办理")
    EDUCATION = "education", _("教育科研")
    EMPLOYMENT = "employment", _("就业创业")
    MARRIAGE = "marriage", _("婚姻登记")
    SOCIAL_SECURITY = "social_security", _("社会保障")
    HOUSING = "housing", _("住房保障")
    MEDICAL = "medical", _("医疗卫生")
    TRANSPORT = "transport", _("交通出行")
    RETIREMENT = "retirement", _("退休养老")
    FUNERAL = "funeral", _("殡葬服务")
    AGRICULTURE = "agriculture", _("农林牧渔")
    ESTABLISHMENT = "establishment", _("设立变更")
    OPERATION = "operation", _("准营准办")
    ANNUAL = "annual", _("年检年报")
    DEREGISTRATION = "deregistration", _("注销退出")


PERSON_EVENTS = [
    LifeEvent.BIRTH,
    LifeEvent.HOUSEHOLD,
    LifeEvent.EDUCATION,
    LifeEvent.EMPLOYMENT,
    LifeEvent.MARRIAGE,
    LifeEvent.SOCIAL_SECURITY,
    LifeEvent.HOUSING,
    LifeEvent.MEDICAL,
    LifeEvent.TRANSPORT,
    LifeEvent.RETIREMENT,
    LifeEvent.FUNERAL,
    LifeEvent.AGRICULTURE,
]
ORGANISATION_EVENTS = [
    LifeEvent.ESTABLISHMENT,
    LifeEvent.OPERATION,
    LifeEvent.ANNUAL,
    LifeEvent.DEREGISTRATION,
    LifeEvent.AGRICULTURE,
]


class HandlingForm(models.TextChoices):
    WINDOW = "window", _("窗口办理")
    ONLINE = "online", _("网上办理")
    BOTH = "both", _("窗口办理、网上办理")


class Necessity(models.TextChoices):
    REQUIRED = "required", _("必要")
    CONDITIONAL = "conditional", _("容缺后补/情形必要")


class MaterialForm(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")
    BOTH = "both", _("纸质、电子")


class MaterialSource(models.TextChoices):
    APPLICANT = "applicant", _("申请人自备")
    GOVERNMENT = "government", _("政府部门核发")
    INTERMEDIARY = "intermediary", _("中介机构或法定机构产生")
    OTHER = "other", _("其他")


class Channel(models.TextChoices):
    """How the application arrived."""

    ONLINE = "online", _("网上申请")
    WINDOW = "window", _("窗口申请")
    PHONE = "phone", _("电话咨询后登记")
    MAIL = "mail", _("信函邮寄")


class Result(models.TextChoices):
    """办结结果 (国家政务服务平台办件信息 vocabulary)."""

    GRANTED = "granted", _("出证办结")
    DENIED = "denied", _("不予许可")
    WITHDRAWN = "withdrawn", _("退件")
    REFUSED = "refused", _("不予受理")
    VOIDED = "voided", _("作废")
    FORWARDED = "forwarded", _("转报")


class SpecialProcedureKind(models.TextChoices):
    """Art. 45: the time these take is not counted in the limits (both clocks pause)."""

    HEARING = "hearing", _("听证")
    TESTING = "testing", _("检验检测")
    EXPERT_REVIEW = "expert_review", _("专家评审")
    PUBLIC_NOTICE = "public_notice", _("公示")
    TENDER = "tender", _("招标拍卖")


class Delivery(models.TextChoices):
    IN_PERSON = "in_person", _("窗口领取")
    POST = "post", _("邮寄送达")
    ELECTRONIC = "electronic", _("电子送达")


class RatingReason(models.TextChoices):
    """评价内容 (GB/T 39734-2020 5, 7.3 and its annex A): the indicators an applicant ticks, by
    channel; a bad rating names what went wrong."""

    OVERALL = "overall", _("整体满意度")
    EFFICIENCY = "efficiency", _("办事效率")
    GUIDE_ACCURACY = "guide_accuracy", _("办事指南准确性")
    CONVENIENCE = "convenience", _("办事便捷度")
    PLATFORM = "platform", _("平台操作性")
    SERVICE_EFFICIENCY = "service_efficiency", _("服务效率")
    SERVICE_LEVEL = "service_level", _("服务水平")
    ATTITUDE = "attitude", _("服务态度")
    ONE_TIME_NOTICE = "one_time_notice", _("一次性告知")
    MATERIALS = "materials", _("材料要求")


ONLINE_REASONS = [
    RatingReason.OVERALL,
    RatingReason.EFFICIENCY,
    RatingReason.GUIDE_ACCURACY,
    RatingReason.CONVENIENCE,
    RatingReason.PLATFORM,
    RatingReason.ONE_TIME_NOTICE,
    RatingReason.MATERIALS,
]
WINDOW_REASONS = [
    RatingReason.OVERALL,
    RatingReason.SERVICE_EFFICIENCY,
    RatingReason.SERVICE_LEVEL,
    RatingReason.ATTITUDE,
    RatingReason.ONE_TIME_NOTICE,
    RatingReason.MATERIALS,
]
