from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery


def count_attachments(apps, schema_editor):
    """The revisions made before the field: their attachments counted once."""
    Revision = apps.get_model("publishing", "Revision")
    RevisionAttachment = apps.get_model("publishing", "RevisionAttachment")
    counted = (
        RevisionAttachment.objects.filter(revision=OuterRef("pk"))
        .values("revision")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Revision.objects.filter(pk__in=RevisionAttachment.objects.values("revision")).update(
        attachment_count=Subquery(counted)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0003_village_affairs"),
    ]

    operations = [
        migrations.AddField(
            model_name="revision",
            name="attachment_count",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(count_attachments, migrations.RunPython.noop),
    ]
