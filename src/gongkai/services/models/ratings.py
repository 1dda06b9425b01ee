"""好差评 (国办发〔2019〕51号, GB/T 39734-2020): the applicant's rating of a case, the
rectification a bad one opens, and a staff member's appeal (申诉) against a rating.

One rating per case (一事一评 online, 一次一评 at the window). A rating is the applicant's:
no staff action changes its grade or text. A bad rating (不满意, 非常不满意) opens a
rectification owned by whoever handled the case, on two clocks (contact the applicant, then
rectify and answer). An appeal upheld by a supervisor keeps the rating but leaves it out of
the statistics, with the decision recorded.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Clock, Department
from gongkai.services.models.cases import Case


class Grade(models.IntegerChoices):
    """GB/T 39734-2020 7.3: five grades, shown as five to one stars."""

    VERY_SATISFIED = 5, _("非常满意")
    SATISFIED = 4, _("满意")
    BASIC = 3, _("基本满意")
    DISSATISFIED = 2, _("不满意")
    VERY_DISSATISFIED = 1, _("非常不满意")


BAD_GRADES = (Grade.DISSATISFIED, Grade.VERY_DISSATISFIED)  # 差评


class Evaluation(models.Model):
    """评价: one per case."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("网上评价（一事一评）")
        WINDOW = "window", _("现场评价（一次一评）")

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="evaluation")
    # The case's department and handler when rated, kept for the statistics (one table read).
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("评价渠道"), max_length=10, choices=Channel.choices)
    grade = models.PositiveSmallIntegerField(_("评价等级"), choices=Grade.choices)
    # The indicators ticked (codes of services.rules' rating reasons), comma-separated.
    reasons = models.CharField(_("评价内容"), max_length=300, blank=True)
    comment = models.TextField(_("评价意见"), blank=True)
    # The comment as the public may see it: personal information masked (core.pii).
    comment_public = models.TextField(_("公开的评价意见"), blank=True)
    rated_at = models.DateTimeField(_("评价时间"), db_index=True)
    # An appeal upheld: the rating stays, the statistics leave it out.
    excluded = models.BooleanField(_("不计入统计"), default=False)

    class Meta:
        verbose_name = _("好差评")
        verbose_name_plural = _("好差评")
        ordering = ["-rated_at"]
        indexes = [
            models.Index(fields=["department", "rated_at"]),
            models.Index(fields=["grade", "rated_at"]),
            # services.stats' ratings of a period, from the index alone.
            models.Index(
                fields=["rated_at", "department", "excluded", "grade"], name="services_eval_rated"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case}：{self.get_grade_display()}"

    @property
    def is_bad(self) -> bool:
        return self.grade in BAD_GRADES

    def reason_list(self) -> list[str]:
        return [code for code in self.reasons.split(",") if code]


class Rectification(models.Model):
    """差评整改: verify, contact the applicant (how), rectify or explain, answer."""

    class State(models.TextChoices):
        OPEN = "open", _("待核实")
        CONTACTED = "contacted", _("已联系")
        ANSWERED = "answered", _("已答复")
        CLOSED = "closed", _("已办结")  # the applicant said whether satisfied, or an appeal upheld

    class Outcome(models.TextChoices):
        RECTIFIED = "rectified", _("已整改")
        EXPLAINED = "explained", _("已解释说明")

    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.PROTECT, related_name="rectification"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("整改责任人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True
    )
    contact_clock = models.OneToOneField(
        Clock, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer_clock = models.OneToOneField(
        Clock, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verification = models.TextField(_("核实情况"), blank=True)
    contacted_on = models.DateField(_("联系日期"), null=True, blank=True)
    contact_method = models.CharField(_("联系方式"), max_length=50, blank=True)
    contact_note = models.TextField(_("联系情况"), blank=True)
    outcome = models.CharField(_("处理结果"), max_length=10, choices=Outcome.choices, blank=True)
    answer = models.TextField(_("答复内容"), blank=True)
    answer_public = models.TextField(_("公开的答复内容"), blank=True)  # masked (core.pii)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True, db_index=True)
    # Whether the applicant is satisfied with the answer (None: not said).
    applicant_satisfied = models.BooleanField(_("申请人是否满意"), null=True, blank=True)
    applicant_replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("差评整改")
        verbose_name_plural = _("差评整改")
        ordering = ["-evaluation__rated_at"]

    def __str__(self) -> str:
        return f"{self.evaluation}：{self.get_state_display()}"


class Appeal(models.Model):
    """申诉: a staff member asks that a rating be found mistaken or malicious; a supervisor
    decides (申诉复核)."""

    class Ground(models.TextChoices):
        MISTAKEN = "mistaken", _("误评")
        MALICIOUS = "malicious", _("恶意差评")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="appeals")
    ground = models.CharField(_("申诉理由"), max_length=10, choices=Ground.choices)
    statement = models.TextField(_("申诉说明"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(_("申诉时间"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("复核时间"), null=True, blank=True)
    upheld = models.BooleanField(_("申诉成立"), null=True, blank=True)
    decision = models.TextField(_("复核意见"), blank=True)

    class Meta:
        verbose_name = _("差评申诉")
        verbose_name_plural = _("差评申诉")
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return f"{self.evaluation}：{self.get_ground_display()}"
