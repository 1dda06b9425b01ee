from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_roles_declared_by_modules"),
        ("publishing", "0002_secrecy_review"),
    ]

    operations = [
        migrations.AddField(
            model_name="column",
            name="village_part",
            field=models.CharField(
                blank=True,
                choices=[
                    ("villages", "乡镇村务公开栏目组"),
                    ("village", "村务公开（本村）"),
                    ("party", "党务公开"),
                    ("affairs", "村务公开"),
                    ("finance", "财务公开"),
                ],
                editable=False,
                max_length=10,
                verbose_name="村务公开栏目",
            ),
        ),
        migrations.AddField(
            model_name="revision",
            name="finance",
            field=models.JSONField(blank=True, null=True, verbose_name="收支明细表"),
        ),
        migrations.AddConstraint(
            model_name="column",
            constraint=models.UniqueConstraint(
                condition=models.Q(("village_part", ""), _negated=True),
                fields=("department", "village_part"),
                name="one_village_part_per_department",
            ),
        ),
    ]
