"""Seed the working-day calendar from the chinesecalendar package (2004 through its newest year)."""

from django.db import migrations


def seed(apps, schema_editor):
    from gongkai.core.calendar import seed_from_package

    seed_from_package(apps.get_model("core", "CalendarYear"), apps.get_model("core", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
