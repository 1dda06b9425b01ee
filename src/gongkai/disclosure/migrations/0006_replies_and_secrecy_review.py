from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0005_clock_guards_and_consultation"),
    ]

    operations = []
