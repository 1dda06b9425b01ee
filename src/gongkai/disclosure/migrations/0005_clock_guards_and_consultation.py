import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0004_fee_process"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultation",
            name="answer",
            field=models.CharField(
                blank=True,
                choices=[
                    ("agreed", "同意公开"),
                    ("objected", "不同意公开"),
                    ("silent", "逾期未提出意见"),
                ],
                max_length=20,
                verbose_name="意见结论",
            ),
        ),
        migrations.AddField(
            model_name="consultation",
            name="delivered_on",
            field=models.DateField(blank=True, null=True, verbose_name="征求意见函送达日期"),
        ),
        migrations.AddField(
            model_name="consultation",
            name="disclosure_notice",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="disclosure.requestdocument",
            ),
        ),
        migrations.AddField(
            model_name="consultation",
            name="disclosure_notice_on",
            field=models.DateField(blank=True, null=True, verbose_name="告知第三方决定公开日期"),
        ),
        migrations.AddField(
            model_name="consultation",
            name="letter",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="disclosure.requestdocument",
            ),
        ),
        migrations.AddField(
            model_name="requestevent",
            name="late_reason",
            field=models.TextField(blank=True, verbose_name="逾期原因"),
        ),
        migrations.AlterField(
            model_name="noticetemplate",
            name="outcome_group",
            field=models.CharField(max_length=40, unique=True, verbose_name="办理结果类别"),
        ),
    ]
