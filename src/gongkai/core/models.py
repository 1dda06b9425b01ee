"""The shared kernel's tables: organisation, roles, audit, calendar, clocks, files."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core import roles
from gongkai.core.crypto import EncryptedTextField
from gongkai.core.tree import TreeNode


class Department(TreeNode):
    """部门 / 机构: an agency, office or village; a tree (core.tree: `path`, its queries)."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("人民政府")
        OFFICE = "office", _("政府部门")
        TOWNSHIP = "township", _("乡镇")
        VILLAGE = "village", _("村（社区）")

    name = models.CharField(_("名称"), max_length=100)
    short_code = models.CharField(
        _("机构代码"), max_length=20, help_text=_("档号与索引号中使用的机构（问题）代码，如 BGS")
    )
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.OFFICE)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["short_code"], name="department_short_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """用户: staff member. Citizens do not need accounts for the public site."""

    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    # 实名制: the identity number is kept encrypted, found through its keyed hash.
    id_number = EncryptedTextField(_("身份证号"), blank=True, default="")
    id_number_index = models.CharField(
        max_length=64, blank=True, default="", db_index=True, editable=False
    )
    failed_logins = models.PositiveSmallIntegerField(_("连续登录失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username


class RoleAssignment(models.Model):
    """岗位: a role held by a user in a department (and, by default, the departments under it).

    `role` is a name declared by the module that owns it (core.roles).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="role_assignments"
    )
    role = models.CharField(_("角色"), max_length=30, choices=roles.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "department", "role"], name="role_assignment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.department} · {self.get_role_display()}"


class AuditEvent(models.Model):
    """审计日志: append-only, each row chained to the one before by SHA-256."""

    seq = models.PositiveBigIntegerField(unique=True)
    created_at = models.DateTimeField()
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    success = models.BooleanField(default=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计日志")
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class AuditHead(models.Model):
    """The chain's end: locked while appending, so that a deleted last row is noticed too."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"head #{self.seq}"


class CalendarYear(models.Model):
    """工作日历年度: a year for which the State Council's holiday notice has been entered."""

    class Source(models.TextChoices):
        PACKAGE = "package", _("chinesecalendar 数据包")
        MANUAL = "manual", _("管理员录入")

    year = models.PositiveSmallIntegerField(_("年度"), primary_key=True)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    notice = models.CharField(_("依据文件"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("工作日历年度")
        verbose_name_plural = _("工作日历")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A day that differs from Monday-Friday: a holiday, or a make-up working day (调休)."""

    date = models.DateField(_("日期"), primary_key=True)
    year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days")
    is_working_day = models.BooleanField(_("是否上班"))
    name = models.CharField(_("名称"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class Clock(models.Model):
    """期限: a running count of working days towards a due date, for any module's deadline."""

    class State(models.TextChoices):
        RUNNING = "running", _("计时中")
        PAUSED = "paused", _("已暂停")
        STOPPED = "stopped", _("已结束")

    purpose = models.CharField(_("期限名称"), max_length=100)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    started_on = models.DateField(_("起算日"))
    limit_days = models.PositiveIntegerField(_("期限（工作日）"))
    extended_days = models.PositiveIntegerField(_("延长（工作日）"), default=0)
    # The current stretch of counting: due = counting_days working days after counting_from.
    # Resuming after a pause starts a new stretch with the days that remained.
    counting_from = models.DateField()
    counting_days = models.PositiveIntegerField()
    paused_on = models.DateField(null=True, blank=True)
    remaining_at_pause = models.IntegerField(null=True, blank=True)
    stopped_on = models.DateField(null=True, blank=True)
    # The indexed due date: "what is overdue" is one query, never a loop.
    due_date = models.DateField(_("到期日"), null=True, blank=True, db_index=True)
    provisional = models.BooleanField(
        _("暂定"), default=False, help_text=_("计算时用到了尚未录入放假安排的年度")
    )

    class Meta:
        verbose_name = _("期限")
        verbose_name_plural = _("期限")
        indexes = [
            # The running clocks due in a window, with their ids (INCLUDE on PostgreSQL; SQLite's
            # indexes hold the row id anyway): the supervision board counts them from the index.
            models.Index(fields=["state", "due_date"], include=["id"], name="core_clock_due"),
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} → {self.due_date}"


class StoredFile(models.Model):
    """文件: an uploaded file's content, stored once under its SHA-256."""

    sha256 = models.CharField(max_length=64, unique=True)
    sm3 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("文件内容")
        verbose_name_plural = _("文件内容")

    def __str__(self) -> str:
        return self.sha256


class Upload(models.Model):
    """上传: one upload by one person, with its (sanitised) name, pointing to stored content."""

    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="uploads")
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="uploads"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("上传文件")
        verbose_name_plural = _("上传文件")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name
