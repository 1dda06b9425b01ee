import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0005_clock_guards_and_consultation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="disclosurerequest",
            name="not_responsible",
            field=models.BooleanField(default=False, verbose_name="不属于本机关负责公开"),
        ),
        migrations.AddField(
            model_name="disclosurerequest",
            name="responsible_agency",
            field=models.CharField(blank=True, max_length=100, verbose_name="负责公开的行政机关"),
        ),
        migrations.AddField(
            model_name="disclosurerequest",
            name="responsible_agency_contact",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="该行政机关的联系方式"
            ),
        ),
        migrations.AddField(
            model_name="disclosurerequest",
            name="special_procedure",
            field=models.CharField(
                blank=True, max_length=500, verbose_name="应依照办理的规定及途径"
            ),
        ),
        migrations.AddField(
            model_name="disclosurerequest",
            name="legal_basis",
            field=models.CharField(blank=True, max_length=300, verbose_name="法律依据"),
        ),
        migrations.AddField(
            model_name="disclosurerequest",
            name="reasons_requested_on",
            field=models.DateField(blank=True, null=True, verbose_name="要求说明理由日期"),
        ),
        migrations.AddField(
            model_name="disclosurerequest",
            name="reply_delayed_to",
            field=models.DateField(blank=True, null=True, verbose_name="延迟答复期限"),
        ),
        migrations.AddField(
            model_name="disclosurerequest",
            name="drafted_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="拟稿人",
            ),
        ),
        migrations.AddField(
            model_name="disclosurerequest",
            name="drafted_on",
            field=models.DateField(blank=True, null=True, verbose_name="拟稿日期"),
        ),
        migrations.AddField(
            model_name="disclosurerequest",
            name="secrecy_reviewed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="保密审查人",
            ),
        ),
        migrations.AddField(
            model_name="disclosurerequest",
            name="secrecy_reviewed_on",
            field=models.DateField(blank=True, null=True, verbose_name="保密审查日期"),
        ),
        migrations.AddField(
            model_name="disclosurerequest",
            name="secrecy_opinion",
            field=models.TextField(blank=True, verbose_name="保密审查意见"),
        ),
    ]
