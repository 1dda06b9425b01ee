from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0003_remove_disclosurerequest_published_item"),
    ]

    operations = []
