from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0004_fee_process"),
    ]

    operations = []
