import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0003_remove_disclosurerequest_published_item"),
    ]

    operations = [
        migrations.AddField(
            model_name="disclosurerequest",
            name="application_count",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="计件数"),
        ),
        migrations.AddField(
            model_name="disclosurerequest",
            name="split_reason",
            field=models.TextField(blank=True, verbose_name="拆分计件理由"),
        ),
        migrations.CreateModel(
            name="ProcessingFee",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "method",
                    models.CharField(
                        choices=[
                            ("none", "不收费"),
                            ("per_application", "按件计收"),
                            ("per_page", "按量计收"),
                        ],
                        max_length=20,
                        verbose_name="收费方式",
                    ),
                ),
                ("quantity", models.PositiveIntegerField(verbose_name="页数或件次")),
                (
                    "applications",
                    models.PositiveSmallIntegerField(default=1, verbose_name="计件数"),
                ),
                ("amount", models.PositiveIntegerField(verbose_name="应收金额（元）")),
                ("bands", models.JSONField(default=list, verbose_name="分档计算")),
                ("payment_method", models.TextField(blank=True, verbose_name="缴纳方式")),
                (
                    "sent_on",
                    models.DateField(blank=True, null=True, verbose_name="收费通知发出日期"),
                ),
                (
                    "received_on",
                    models.DateField(blank=True, null=True, verbose_name="申请人收到收费通知日期"),
                ),
                ("paid_on", models.DateField(blank=True, null=True, verbose_name="缴费日期")),
                (
                    "payment_note",
                    models.CharField(blank=True, max_length=200, verbose_name="缴费凭证"),
                ),
                ("waived_on", models.DateField(blank=True, null=True, verbose_name="减免日期")),
                ("waiver_reason", models.TextField(blank=True, verbose_name="减免理由")),
                (
                    "notice",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="disclosure.requestdocument",
                    ),
                ),
                (
                    "payment_clock",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.clock",
                    ),
                ),
                (
                    "request",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="processing_fee",
                        to="disclosure.disclosurerequest",
                    ),
                ),
                (
                    "waived_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "信息处理费",
                "verbose_name_plural": "信息处理费",
            },
        ),
    ]
