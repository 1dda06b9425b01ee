"""The reply's foreign key to publishing's Item goes: 0002 copied what it pointed to into
the reference, title and address fields."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0002_published_reference"),
    ]

    operations = [
        migrations.RemoveField(model_name="disclosurerequest", name="published_item"),
    ]
