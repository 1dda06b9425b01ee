"""The annual report's counting and the agencies' disclosure offices.

- `ReviewCase`: the request becomes optional; the agency a case is against and its subject
  are the case's own (existing cases take their request's department and title).
- `DisclosureOffice` (条例 Art. 4): which office handles an agency's requests. An existing
  install keeps what `DISCLOSURE_OFFICE_CODE` said: that office handles the government's.
- `AnnualReport`: the item it was published as (条例 Art. 49).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def cases_take_their_request(apps, schema_editor):
    ReviewCase = apps.get_model("disclosure", "ReviewCase")
    for case in ReviewCase.objects.select_related("request"):
        case.department_id = case.request.department_id
        case.subject = case.request.info_title[:200]
        case.save(update_fields=["department", "subject"])
    if schema_editor.connection.vendor == "postgresql":
        # Check the deferred foreign keys now: PostgreSQL refuses to alter a table with
        # pending trigger events, and the column is made NOT NULL next.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def government_office_from_setting(apps, schema_editor):
    Department = apps.get_model("core", "Department")
    DisclosureOffice = apps.get_model("disclosure", "DisclosureOffice")
    code = getattr(settings, "DISCLOSURE_OFFICE_CODE", "")
    office = Department.objects.filter(short_code=code).first() if code else None
    if office is None:
        return
    for government in Department.objects.filter(parent=None).exclude(pk=office.pk):
        DisclosureOffice.objects.get_or_create(department=government, defaults={"office": office})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("disclosure", "0006_replies_and_secrecy_review"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reviewcase",
            name="request",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reviews",
                to="disclosure.disclosurerequest",
            ),
        ),
        migrations.AddField(
            model_name="reviewcase",
            name="department",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.department",
                verbose_name="被申请人/被告机关",
            ),
        ),
        migrations.AddField(
            model_name="reviewcase",
            name="subject",
            field=models.CharField(blank=True, max_length=200, verbose_name="事由"),
        ),
        migrations.RunPython(cases_take_their_request, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="reviewcase",
            name="department",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.department",
                verbose_name="被申请人/被告机关",
            ),
        ),
        migrations.CreateModel(
            name="DisclosureOffice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "department",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="disclosure_office",
                        to="core.department",
                        verbose_name="行政机关",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.department",
                        verbose_name="政府信息公开工作机构",
                    ),
                ),
            ],
            options={
                "verbose_name": "政府信息公开工作机构",
                "verbose_name_plural": "政府信息公开工作机构",
            },
        ),
        migrations.RunPython(government_office_from_setting, migrations.RunPython.noop),
        migrations.AddField(
            model_name="annualreport",
            name="publication_reference",
            field=models.CharField(blank=True, max_length=64, verbose_name="发布信息编号"),
        ),
        migrations.AddField(
            model_name="annualreport",
            name="publication_url",
            field=models.CharField(blank=True, max_length=500, verbose_name="发布信息地址"),
        ),
        migrations.AddField(
            model_name="annualreport",
            name="submitted_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="提交发布时间"),
        ),
    ]
