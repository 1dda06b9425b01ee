from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="step",
            name="secrecy_confirmed",
            field=models.BooleanField(default=False, verbose_name="已进行保密审查"),
        ),
    ]
