"""The law of 依申请公开 as constants: every number and label of the 条例 and the annual-report template.

政府信息公开条例 (2019) articles and 国办函〔2020〕109号 / 国办公开办函〔2021〕30号 are cited where
each number is named. Nothing else in the app writes these numbers or labels as literals.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core import identity

REPLY_DAYS = 20  # Art. 33: reply within 20 working days of receipt
EXTENSION_MAX_DAYS = 20  # Art. 33: one extension of at most 20 working days
CORRECTION_NOTICE_DAYS = 7  # Art. 30: the correction notice within 7 working days of receipt
THIRD_PARTY_DAYS = 15  # Art. 32: a third party has 15 working days to give its opinion
OTHER_AGENCY_DAYS = 15  # Art. 34: another agency has 15 working days; silence is consent


class ApplicantType(models.TextChoices):
    """Art. 29 applicant kinds; the annual report's table 三 columns, in its order."""

    NATURAL = "natural", _("自然人")
    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_WELFARE = "public_welfare", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER = "other", _("其他")


ORGANISATION_TYPES = [t for t in ApplicantType if t != ApplicantType.NATURAL]
NATURAL_PERSON_LABEL = "自然人"
ORGANISATION_LABEL = "法人或其他组织"
TOTAL_LABEL = "总计"


class Channel(models.TextChoices):
    """How the application arrived; Art. 31 fixes the receipt date for each."""

    ONLINE = "online", _("网上申请")
    IN_PERSON = "in_person", _("当面提交")
    REGISTERED_POST = "registered_post", _("邮政挂号信")
    LETTER = "letter", _("平常信函")
    FAX = "fax", _("传真")


# Art. 31: what the receipt date is, per channel (shown to staff when they register one).
RECEIPT_RULE = {
    Channel.ONLINE: _("双方确认之日"),
    Channel.IN_PERSON: _("提交之日"),
    Channel.REGISTERED_POST: _("签收之日"),
    Channel.LETTER: _("与申请人确认之日"),
    Channel.FAX: _("双方确认之日"),
}


# The kinds of identity document live in core (every module taking applications shares them).
IdType = identity.IdType


class RequestedForm(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子文档")


class Delivery(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    PICKUP = "pickup", _("当面领取")
    ONLINE = "online", _("网上获取")


@dataclass(frozen=True)
class OutcomeGroup:
    code: str  # "1".."6"
    label: str  # exact row label of table 三
    reasons: tuple[tuple[str, str], ...]  # (code "3.1", exact sub-row label)


# 国办公开办函〔2021〕30号: the rows of table 三 (三、本年度办理结果), labels exactly as the template.
OUTCOME_GROUPS: tuple[OutcomeGroup, ...] = (
    OutcomeGroup("1", "（一）予以公开", ()),
    OutcomeGroup("2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ()),
    OutcomeGroup(
        "3",
        "（三）不予公开",
        (
            ("3.1", "1.属于国家秘密"),
            ("3.2", "2.其他法律行政法规禁止公开"),
            ("3.3", "3.危及“三安全一稳定”"),
            ("3.4", "4.保护第三方合法权益"),
            ("3.5", "5.属于三类内部事务信息"),
            ("3.6", "6.属于四类过程性信息"),
            ("3.7", "7.属于行政执法案卷"),
            ("3.8", "8.属于行政查询事项"),
        ),
    ),
    OutcomeGroup(
        "4",
        "（四）无法提供",
        (
            ("4.1", "1.本机关不掌握相关政府信息"),
            ("4.2", "2.没有现成信息需要另行制作"),
            ("4.3", "3.补正后申请内容仍不明确"),
        ),
    ),
    OutcomeGroup(
        "5",
        "（五）不予处理",
        (
            ("5.1", "1.信访举报投诉类申请"),
            ("5.2", "2.重复申请"),
            ("5.3", "3.要求提供公开出版物"),
            ("5.4", "4.无正当理由大量反复申请"),
            ("5.5", "5.要求行政机关确认或重新出具已获取信息"),
        ),
    ),
    OutcomeGroup(
        "6",
        "（六）其他处理",
        (
            (
                "6.1",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            ),
            (
                "6.2",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ),
            ("6.3", "3.其他"),
        ),
    ),
)
OUTCOME_TOTAL_LABEL = "（七）总计"
# Every outcome a reply can record: a group without sub-reasons, or one sub-reason.
OUTCOME_CHOICES: list[tuple[str, str]] = [
    (g.code, g.label) for g in OUTCOME_GROUPS if not g.reasons
] + [(code, f"{g.label} {label}") for g in OUTCOME_GROUPS for code, label in g.reasons]
OUTCOME_CODES = {code for code, _label in OUTCOME_CHOICES}
WITHDRAWN_NO_CORRECTION = "6.1"  # Art. 30: not corrected in time, treated as withdrawn
PARTIAL = "2"
# The outcomes that release information (予以公开, 部分公开): after a 保密审查 (Art. 17); over a
# third party's objection, only once the decision's content and reasons were told to it in
# writing (Art. 32).
DISCLOSING_OUTCOMES = ("1", PARTIAL)
SPECIAL_PROCEDURE = "3.8"  # Art. 36 (七): tell the applicant which procedure to follow
NOT_HELD = "4.1"  # Art. 36 (四); also (五), another agency responsible (its own notice)
LARGE_VOLUME = "5.4"  # Art. 35: only after the applicant was asked to state reasons
OTHER_HANDLING = "6.3"  # （六）3.其他: no article of its own, the officer names the basis


def outcome_group(code: str) -> OutcomeGroup:
    return next(g for g in OUTCOME_GROUPS if g.code == code.split(".")[0])


# Table 三 rows (besides the outcomes).
ROW_NEW = "一、本年新收政府信息公开申请数量"
ROW_CARRIED_IN = "二、上年结转政府信息公开申请数量"
ROW_RESULTS = "三、本年度办理结果"
ROW_CARRIED_OUT = "四、结转下年度继续办理"

REPORT_SECTIONS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


class ReviewKind(models.TextChoices):
    """Table 四: administrative review, and litigation with or without review first."""

    REVIEW = "review", _("行政复议")
    LITIGATION_DIRECT = "litigation_direct", _("未经复议直接起诉")
    LITIGATION_AFTER_REVIEW = "litigation_after_review", _("复议后起诉")


class ReviewResult(models.TextChoices):
    """Table 四 columns, in its order (总计 is their sum)."""

    UPHELD = "upheld", _("结果维持")
    CORRECTED = "corrected", _("结果纠正")
    OTHER = "other", _("其他结果")
    PENDING = "pending", _("尚未审结")


# 国办函〔2020〕109号: information processing fees. Yuan.
class FeeMethod(models.TextChoices):
    NONE = "none", _("不收费")
    PER_APPLICATION = "per_application", _("按件计收")
    PER_PAGE = "per_page", _("按量计收")


# Both scales are progressive (超额累进, Art. 3): each band's price applies to the part
# of the quantity that falls in that band (fees.py).
# Per application (Art. 4), counted per applicant per agency per calendar month: the
# 1st-10th free; the 11th-30th 100 yuan each; from the 31st, 100 yuan more for every further
# band of 10 (31st-40th 200 yuan each, 41st-50th 300 yuan each, ...).
FREE_APPLICATIONS_PER_MONTH = 10
FIRST_FEE_BAND_END = 30
APPLICATION_FEE_STEP = 100
APPLICATION_FEE_BAND_SIZE = 10
# Per page (Art. 5), one application's pages: 1-30 free; the 31st-100th 10 yuan a page; the
# 101st-200th 20 yuan a page; from the 201st 40 yuan a page. (upper page of band, yuan a page)
PAGE_FEE_BANDS = ((30, 0), (100, 10), (200, 20), (None, 40))
# Art. 6: the fee is paid within 20 working days from the day after the applicant received
# the fee notice; unpaid, the application is treated as withdrawn (outcome 六.2).
FEE_PAYMENT_DAYS = 20
FEE_UNPAID = "6.2"

# ---------------------------------------------------------------- annual report tables
# 国办公开办函〔2021〕30号 template, labels exactly as printed.

# Table 三: the header over the applicant columns, and the rule printed in its corner.
APPLICANT_HEADER = "申请人情况"
TABLE3_RULE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# Table 二 (二、主动公开政府信息情况): 第二十条 items, their rows and their columns.
INFO_CONTENT_LABEL = "信息内容"
ART20_1_LABEL = "第二十条第（一）项"
ART20_5_LABEL = "第二十条第（五）项"
ART20_6_LABEL = "第二十条第（六）项"
ART20_8_LABEL = "第二十条第（八）项"
ROW_RULES = "规章"
ROW_NORMATIVE_DOCUMENTS = "行政规范性文件"
ROW_LICENSING = "行政许可"
ROW_PENALTY = "行政处罚"
ROW_COERCION = "行政强制"
ROW_FEES = "行政事业性收费"
COL_ISSUED = "本年制发件数"
COL_REPEALED = "本年废止件数"
COL_IN_FORCE = "现行有效件数"
COL_DECISIONS = "本年处理决定数量"
COL_FEE_AMOUNT = "本年收费金额（单位：万元）"
# (item label, its columns, its rows), in the template's order.
TABLE2: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (ART20_1_LABEL, (COL_ISSUED, COL_REPEALED, COL_IN_FORCE), (ROW_RULES, ROW_NORMATIVE_DOCUMENTS)),
    (ART20_5_LABEL, (COL_DECISIONS,), (ROW_LICENSING,)),
    (ART20_6_LABEL, (COL_DECISIONS,), (ROW_PENALTY, ROW_COERCION)),
    (ART20_8_LABEL, (COL_FEE_AMOUNT,), (ROW_FEES,)),
)
MANUAL_FIGURE_SEPARATOR = "|"  # AnnualReport.manual_figures keys: "行政许可|本年处理决定数量"
# Table 二 rows whose figures another module keeps and reports through core.figures: the
# figure key, then the table's row and the column of each field. A row no module provides is
# entered by hand (AnnualReport.manual_figures).
TABLE2_FIGURES: dict[str, tuple[str, dict[str, str]]] = {
    "normative_documents": (
        ROW_NORMATIVE_DOCUMENTS,
        {"issued": COL_ISSUED, "repealed": COL_REPEALED, "in_force": COL_IN_FORCE},
    ),
    "licensing_decisions": (ROW_LICENSING, {"decisions": COL_DECISIONS}),
}

# Table 四: 行政诉讼 is the header over the two ReviewKind litigation columns.
LITIGATION_LABEL = "行政诉讼"
