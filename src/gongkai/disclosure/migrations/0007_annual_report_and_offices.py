from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0006_replies_and_secrecy_review"),
    ]

    operations = []
