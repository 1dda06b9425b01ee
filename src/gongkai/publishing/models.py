"""政务公开: columns, items, their revisions and the review workflow."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Department, Upload
from gongkai.core.tree import TreeNode
from gongkai.publishing.catalogue import Category, ContentKind, Topic
from gongkai.publishing.finance import FinanceTable

TOPIC_LABELS = dict(Topic.choices)  # value -> label (translated when shown)


class VillagePart(models.TextChoices):
    """The columns of 村务公开 (《村民委员会组织法》第三十条): a township's section listing its
    villages, each village's section, and the village's three columns."""

    VILLAGES = "villages", _("乡镇村务公开栏目组")
    VILLAGE = "village", _("村务公开（本村）")
    PARTY = "party", _("党务公开")
    AFFAIRS = "affairs", _("村务公开")
    FINANCE = "finance", _("财务公开")


class Column(TreeNode):
    """栏目: a section of the portal owned by one department; a tree (core.tree)."""

    class Kind(models.TextChoices):
        SECTION = "section", _("栏目组")  # holds only its child columns, no items of its own
        LIST = "list", _("信息列表")
        PAGE = "page", _("单页")
        LINK = "link", _("外部链接")

    name = models.CharField(_("栏目名称"), max_length=100)
    slug = models.SlugField(_("网址标识"), max_length=60, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级栏目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("所属部门"), on_delete=models.PROTECT, related_name="columns"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.LIST)
    external_url = models.URLField(_("外部链接地址"), blank=True)
    review_levels = models.PositiveSmallIntegerField(
        _("审核级数"),
        default=3,
        help_text=_("1：栏目编辑发布；2：加网站主编审核；3：再加网站总编审核"),
    )
    in_catalogue = models.BooleanField(_("属于政府信息公开目录"), default=False)
    category = models.CharField(_("公开类别"), max_length=20, choices=Category.choices, blank=True)
    sensitive = models.BooleanField(
        _("敏感栏目"), default=False, help_text=_("须经县人民政府办公室加审")
    )
    is_news = models.BooleanField(
        _("动态类栏目"), default=False, help_text=_("动态类栏目超过 2 周未更新即为不合格")
    )
    update_interval_days = models.PositiveIntegerField(_("更新周期（天）"), null=True, blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    description = models.TextField(_("栏目说明"), blank=True)
    # Set only by actions.set_up_village: the public pages and the health panel find 村务公开 by it.
    village_part = models.CharField(
        _("村务公开栏目"), max_length=10, choices=VillagePart.choices, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")
        ordering = ["path"]
        constraints = [
            # A village has one section and one column of each kind; a township one section.
            models.UniqueConstraint(
                fields=["department", "village_part"],
                condition=~Q(village_part=""),
                name="one_village_part_per_department",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        if self.kind == self.Kind.LINK and self.external_url:
            return self.external_url
        return reverse("publishing:column", args=[self.slug])


class IndexCounter(models.Model):
    """索引号 serials: per department and year, only ever incremented, so never reused."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["department", "year"], name="index_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.department.short_code}/{self.year}: {self.last_serial}"


class Item(models.Model):
    """政府信息: one piece of government information; what the public sees is `live_revision`."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("未发布")
        SCHEDULED = "scheduled", _("待定时发布")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤稿")

    class Validity(models.TextChoices):
        VALID = "valid", _("有效")
        AMENDED = "amended", _("已修改")
        REPEALED = "repealed", _("已废止")
        EXPIRED = "expired", _("已失效")

    column = models.ForeignKey(
        Column, verbose_name=_("栏目"), on_delete=models.PROTECT, related_name="items"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    index_number = models.CharField(_("索引号"), max_length=64, unique=True, null=True, blank=True)
    latest_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    live_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Approved and waiting for its time: the worker makes it live at publish_at, exactly once.
    approved_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    publish_at = models.DateTimeField(_("定时发布时间"), null=True, blank=True, db_index=True)
    published_at = models.DateTimeField(_("发布日期"), null=True, blank=True, db_index=True)
    last_published_at = models.DateTimeField(null=True, blank=True)
    validity = models.CharField(
        _("有效性"), max_length=10, choices=Validity.choices, default=Validity.VALID
    )
    validity_changed_on = models.DateField(_("有效性变更日期"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("替代文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(_("撤稿理由"), blank=True)
    # Published at once by the editor-in-chief in an emergency: shown in the workbench until reviewed.
    needs_after_review = models.BooleanField(_("待事后审核"), default=False, db_index=True)
    emergency_reason = models.TextField(_("紧急发布理由"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="created_items"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("政府信息")
        verbose_name_plural = _("政府信息")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["column", "status", "-published_at"])]

    def __str__(self) -> str:
        rev = self.live_revision or self.latest_revision
        return rev.title if rev else f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("publishing:item", args=[self.pk])

    def get_validity_display(self) -> str:
        # Django's own builds a map of every choice on each call; public lists ask per row.
        return VALIDITY_LABELS.get(self.validity, self.validity)

    @property
    def department(self) -> Department:
        return self.column.department


VALIDITY_LABELS = dict(Item.Validity.choices)


class Revision(models.Model):
    """修订: one saved version of an item's content and metadata."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(_("标题"), max_length=200)
    summary = models.TextField(_("摘要"), blank=True)
    body = models.TextField(_("正文"), blank=True)  # sanitised HTML (nh3), never raw input
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    publisher = models.CharField(_("发布机构"), max_length=100)
    created_on = models.DateField(_("生成日期"))
    topic = models.CharField(
        _("主题分类"), max_length=20, choices=Topic.choices, default=Topic.GENERAL
    )
    content_kind = models.CharField(
        _("信息类型"), max_length=20, choices=ContentKind.choices, default=ContentKind.ORDINARY
    )
    disclosure_mode = models.CharField(_("公开方式"), max_length=20, default="主动公开")
    keywords = models.CharField(_("关键词"), max_length=200, blank=True)
    source = models.CharField(_("信息来源"), max_length=100, blank=True)
    collector = models.CharField(_("采集人"), max_length=50, blank=True)
    attachments = models.ManyToManyField(Upload, through="RevisionAttachment", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    comment = models.CharField(_("修改说明"), max_length=200, blank=True)
    # 财务公开's income / expenditure table (publishing.finance): on the revision, so that
    # revisions, review and the public page all judge the same figures.
    finance = models.JSONField(_("收支明细表"), null=True, blank=True)
    # Set once with the attachments (a revision's attachments never change): the public item
    # page asks for the attachments only when there are some.
    attachment_count = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("修订版本")
        verbose_name_plural = _("修订版本")
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="revision_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    def get_topic_display(self) -> str:
        # Django's own builds a map of every choice on each call; the item page asks each time.
        return TOPIC_LABELS.get(self.topic, self.topic)

    @cached_property
    def attachment_list(self) -> list[dict]:
        """Its attachments as pages list them (link id, file name, size), in one query: without
        the text extracted from each file, which no page shows and which can be long; none
        when the revision has no attachments."""
        if not self.attachment_count:
            return []
        rows = self.attachment_links.values_list("pk", "upload__name", "upload__file__size")
        return [{"pk": pk, "name": name, "size": size} for pk, name, size in rows]

    @property
    def finance_table(self) -> FinanceTable | None:
        """The stored table read back, or None."""
        return FinanceTable.from_json(self.finance)


class RevisionAttachment(models.Model):
    """An attachment of a revision, with its text extracted for the personal-information gate."""

    revision = models.ForeignKey(
        Revision, on_delete=models.CASCADE, related_name="attachment_links"
    )
    upload = models.ForeignKey(Upload, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.upload.name


class Workflow(models.Model):
    """审核流程: one run of review over one revision of an item (Wagtail's WorkflowState)."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("审核中")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("已退回")
        CANCELLED = "cancelled", _("已撤回")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="workflows")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        max_length=12, choices=State.choices, default=State.IN_PROGRESS, db_index=True
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    # Personal information found on submit and let through by a reviewer (reason audited).
    pii_override_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("审核流程")
        verbose_name_plural = _("审核流程")
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(state="in_progress"),
                name="one_active_workflow_per_item",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.get_state_display()}"


class Step(models.Model):
    """审核环节: one level of review, pinned to the revision it judged (Wagtail's TaskState)."""

    class Level(models.TextChoices):
        CHIEF_EDITOR = "chief_editor", _("网站主编审核")
        EDITOR_IN_CHIEF = "editor_in_chief", _("网站总编审核")
        OFFICE = "office", _("县政府办加审")

    class State(models.TextChoices):
        WAITING = "waiting", _("未开始")
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("通过")
        REJECTED = "rejected", _("退回")
        SKIPPED = "skipped", _("已取消")

    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=20, choices=Level.choices)
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.WAITING, db_index=True
    )
    pending_since = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(_("审核意见"), blank=True)
    # 条例 Art. 17: the last level's approval confirms the 保密审查 before anything is public.
    secrecy_confirmed = models.BooleanField(_("已进行保密审查"), default=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("审核环节")
        verbose_name_plural = _("审核环节")
        ordering = ["workflow", "order"]
        constraints = [
            models.UniqueConstraint(fields=["workflow", "order"], name="step_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} · {self.get_state_display()}"


class SiteChange(models.Model):
    """When anything public last changed: the anonymous pages' Last-Modified and ETag."""

    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return str(self.changed_at)
