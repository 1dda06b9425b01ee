"""Workbench forms of 政务公开. They only read and check input; every write is an action."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core import tree
from gongkai.core.forms import MultipleFileField, clean_uploads, upload_help, upload_input
from gongkai.publishing.catalogue import ContentKind, Topic
from gongkai.publishing.models import Column, Item

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DATE_FORMAT = "%Y-%m-%d"
DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends
DATETIME_FORMATS = [DATETIME_LOCAL_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
BAD_DATE = _("请按 YYYY-MM-DD 的格式填写日期，例如 2026-03-15。")
BAD_DATETIME = _("请填写日期和时间，例如 2026-03-15 09:30。")


def _date_input():
    return forms.DateInput(format=DATE_FORMAT, attrs={"type": "date"})


def _datetime_input():
    return forms.DateTimeInput(format=DATETIME_LOCAL_FORMAT, attrs={"type": "datetime-local"})


class ColumnChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.department.name}）"


class ItemForm(forms.Form):
    """New item or new revision: content, metadata and attachments."""

    column = ColumnChoiceField(
        label=_("栏目"),
        queryset=None,
        empty_label=_("请选择栏目"),
        error_messages={
            "required": _("请选择栏目。"),
            "invalid_choice": _("您不能在这个栏目发布信息，请从列表中选择。"),
        },
    )
    title = forms.CharField(
        label=_("标题"),
        max_length=200,
        error_messages={
            "required": _("请填写标题。"),
            "max_length": _("标题不能超过 200 个字。"),
        },
    )
    summary = forms.CharField(
        label=_("摘要"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=_("正文"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_(
            "可直接粘贴 Word 或网页中的内容（保留段落、标题、表格和列表），也可粘贴纯文本。"
            "保存时自动清除脚本、样式和外部代码。"
        ),
    )
    docx = forms.FileField(
        label=_("从 Word 文档导入正文"),
        required=False,
        widget=upload_input({DOCX}),
        help_text=upload_help({DOCX}, note=_("选择后，正文将替换为文档内容。")),
    )
    attachments = MultipleFileField(
        label=_("添加附件"),
        required=False,
        help_text=upload_help(note=_("可一次选择多个文件。")),
    )
    remove_attachments = forms.MultipleChoiceField(
        label=_("删除已有附件"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("勾选的附件在新版本中不再保留。"),
    )
    document_number = forms.CharField(
        label=_("文号"),
        max_length=100,
        required=False,
        help_text=_("例如：南府办发〔2025〕12号"),
    )
    publisher = forms.CharField(
        label=_("发布机构"),
        max_length=100,
        required=False,
        help_text=_("留空则为栏目所属部门。"),
    )
    created_on = forms.DateField(
        label=_("生成日期"),
        required=False,
        input_formats=[DATE_FORMAT],
        widget=_date_input(),
        error_messages={"invalid": BAD_DATE},
        help_text=_("格式：YYYY-MM-DD，例如 2026-03-15。留空则为今天。"),
    )
    topic = forms.ChoiceField(label=_("主题分类"), choices=Topic.choices, initial=Topic.GENERAL)
    content_kind = forms.ChoiceField(
        label=_("信息类型"),
        choices=ContentKind.choices,
        initial=ContentKind.ORDINARY,
        help_text=_("领导讲话、人事任免、重大决策、突发事件须经县人民政府办公室加审。"),
    )
    keywords = forms.CharField(label=_("关键词"), max_length=200, required=False)
    source = forms.CharField(label=_("信息来源"), max_length=100, required=False)
    collector = forms.CharField(label=_("采集人"), max_length=50, required=False)
    comment = forms.CharField(
        label=_("修改说明"),
        max_length=200,
        required=False,
        help_text=_("简要说明这一版改了什么，记入修订历史。"),
    )

    def __init__(self, *args, columns=None, existing_attachments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_attachments = list(existing_attachments)
        if columns is None:
            del self.fields["column"]
        else:
            self.fields["column"].queryset = columns
        if self.existing_attachments:
            self.fields["remove_attachments"].choices = [
                (str(upload.pk), upload.name) for upload in self.existing_attachments
            ]
        else:
            del self.fields["remove_attachments"]

    def clean_docx(self):
        upload = self.cleaned_data.get("docx")
        if upload:
            clean_uploads([upload], allowed={DOCX})
        return upload

    def clean_attachments(self):
        return clean_uploads(self.cleaned_data.get("attachments"))

    def kept_attachments(self):
        removed = set(self.cleaned_data.get("remove_attachments") or [])
        return [upload for upload in self.existing_attachments if str(upload.pk) not in removed]


# ---------------------------------------------------------------- the item page's actions


class SubmitForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("定时发布时间"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=_datetime_input(),
        error_messages={"invalid": BAD_DATETIME},
        help_text=_("留空则审核通过后立即发布。"),
    )


class OverrideForm(SubmitForm):
    """A reviewer lets found personal information through; the reason is audited."""

    reason = forms.CharField(
        label=_("放行理由"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("放行必须填写理由，理由将记入审计日志。")},
        help_text=_("例如：公布的是单位对外办公电话，应当公开。"),
    )


class DecisionForm(forms.Form):
    APPROVE, APPROVE_WITH_COMMENT, REJECT = "approve", "approve_with_comment", "reject"

    decision = forms.ChoiceField(
        choices=[
            (APPROVE, _("通过")),
            (APPROVE_WITH_COMMENT, _("通过并附意见")),
            (REJECT, _("退回")),
        ],
        widget=forms.HiddenInput,
        error_messages={
            "required": _("请选择通过或退回。"),
            "invalid_choice": _("请选择通过或退回。"),
        },
    )
    comment = forms.CharField(
        label=_("审核意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("退回时必须填写，说明需要修改什么。"),
    )
    # 条例 Art. 17: the last level confirms the 保密审查 (the action refuses its approval without).
    secrecy_confirmed = forms.BooleanField(
        label=_("已按《政府信息公开条例》第十七条进行保密审查，同意公开"),
        required=False,
        help_text=_("最后一级审核通过时必须勾选；退回时无需勾选。"),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.APPROVE_WITH_COMMENT and not cleaned.get("comment"):
            self.add_error("comment", _("请填写意见；不附意见请直接点“通过”。"))
        return cleaned


class EmergencyForm(forms.Form):
    # Required as emergency_publish requires it (same message), so the label never says 选填.
    reason = forms.CharField(
        label=_("紧急发布理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("紧急发布后须由网站主编或总编事后审核。"),
        error_messages={"required": _("紧急发布必须填写理由。")},
    )
    # Not required here: emergency_publish refuses an unconfirmed release with its own message.
    secrecy_confirmed = forms.BooleanField(
        label=_("紧急发布前已按《政府信息公开条例》第十七条进行保密审查"), required=False
    )


class WithdrawForm(forms.Form):
    # Required as withdraw_item requires it (same message), so the label never says 选填.
    reason = forms.CharField(
        label=_("撤稿理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("理由将在原网址向公众公示。"),
        error_messages={"required": _("撤稿必须填写理由，理由将向公众公示。")},
    )


class AfterReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("事后审核意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label=_("有效性"), choices=Item.Validity.choices)
    on = forms.DateField(
        label=_("变更日期"),
        required=False,
        input_formats=[DATE_FORMAT],
        widget=_date_input(),
        error_messages={"invalid": BAD_DATE},
        help_text=_("格式：YYYY-MM-DD。留空则为今天。"),
    )
    replaced_by = forms.IntegerField(
        label=_("替代文件的信息编号"),
        required=False,
        min_value=1,
        error_messages={
            "invalid": _("请填写信息编号（数字）。"),
            "min_value": _("请填写信息编号（数字）。"),
        },
        help_text=_("被新文件修改或废止时，填写新文件在工作台中的编号。"),
    )

    def clean_replaced_by(self):
        pk = self.cleaned_data.get("replaced_by")
        if pk is None:
            return None
        item = Item.objects.filter(pk=pk).first()
        if item is None:
            raise forms.ValidationError(_("找不到编号为 %(pk)s 的信息。") % {"pk": pk})
        return item


class CompareForm(forms.Form):
    """Which two revisions to compare (revision numbers)."""

    a = forms.TypedChoiceField(label=_("旧版本"), coerce=int)
    b = forms.TypedChoiceField(label=_("新版本"), coerce=int)

    def __init__(self, *args, numbers=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(n), _("第 %(n)s 版") % {"n": n}) for n in numbers]
        for name in ("a", "b"):
            self.fields[name].choices = choices
            self.fields[name].error_messages["invalid_choice"] = _("没有这个版本，请从列表中选择。")
            self.fields[name].error_messages["required"] = _("请选择版本。")


class ColumnForm(forms.ModelForm):
    """A column's settings (system administrators). Saved through actions.create/update_column."""

    review_levels = forms.TypedChoiceField(
        label=_("审核级数"),
        coerce=int,
        choices=[
            (1, _("一审：栏目编辑直接发布")),
            (2, _("二审：加网站主编审核")),
            (3, _("三审：再加网站总编审核")),
        ],
        initial=3,
    )

    external_url = forms.URLField(
        label=_("外部链接地址"),
        required=False,
        assume_scheme="https",  # a government address typed without a scheme is https
        error_messages={"invalid": _("请填写完整的网址，如 https://www.gov.cn/。")},
    )

    class Meta:
        model = Column
        fields = [
            "name", "slug", "parent", "department", "kind", "review_levels", "in_catalogue",
            "category", "sensitive", "is_news", "update_interval_days", "order", "external_url",
            "description",
        ]  # fmt: skip
        help_texts = {"slug": _("网址中的英文标识，如 nyj-dt；只能用小写字母、数字和连字符。")}
        error_messages = {
            "name": {"required": _("请填写栏目名称。")},
            "slug": {
                "required": _("请填写网址标识。"),
                "invalid": _("网址标识只能用字母、数字、连字符和下划线。"),
            },
            "department": {"required": _("请选择所属部门。")},
            "update_interval_days": {"invalid": _("更新周期须为整数天数。")},
            "external_url": {"invalid": _("请填写完整的网址，如 https://www.gov.cn/。")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Column.objects.exclude(kind=Column.Kind.LINK).select_related("department")
        if self.instance.pk:
            # Not the column itself nor one under it: that would cut its subtree off the tree.
            parents = parents.exclude(tree.within(self.instance.path))
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = _("（顶级栏目）")
        self.fields["department"].empty_label = _("请选择部门")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Column.Kind.LINK and not cleaned.get("external_url"):
            self.add_error("external_url", _("外部链接栏目须填写链接地址。"))
        if cleaned.get("category") and not cleaned.get("in_catalogue"):
            self.add_error("in_catalogue", _("设置了公开类别的栏目须属于政府信息公开目录。"))
        return cleaned
