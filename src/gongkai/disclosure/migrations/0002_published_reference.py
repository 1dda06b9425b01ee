"""A reply's published information (条例 Art. 36 (一)) is cited by reference, not by a foreign
key to publishing's Item: the 索引号 (or, for an item without one, its number) with the title
and address of the item. Existing replies get them here from the item they point to; 0003
removes the foreign key. The two are apart because PostgreSQL does not alter a table once
rows of it changed in the same transaction (the foreign keys' deferred checks are pending)."""

from django.db import migrations, models
from django.urls import NoReverseMatch, reverse


def snapshot_published_items(apps, schema_editor):
    """Fill the reference, title and address of every reply that points to an item.

    Only these historical migrations (this one, and 0003 backwards) read publishing's model,
    for the foreign key they replace; without the model there is nothing to copy from.
    """
    try:
        Item = apps.get_model("publishing", "Item")
    except LookupError:
        return
    DisclosureRequest = apps.get_model("disclosure", "DisclosureRequest")
    replies = DisclosureRequest.objects.filter(published_item__isnull=False)
    items = Item.objects.select_related("live_revision", "latest_revision").in_bulk(
        replies.values_list("published_item_id", flat=True).distinct()
    )
    for request in replies.only("pk", "published_item_id").iterator():
        item = items.get(request.published_item_id)
        if item is None:
            continue
        revision = item.live_revision or item.latest_revision
        try:
            url = reverse("publishing:item", args=[item.pk])
        except NoReverseMatch:
            url = ""
        DisclosureRequest.objects.filter(pk=request.pk).update(
            published_reference=item.index_number or str(item.pk),
            published_title=revision.title if revision is not None else "",
            published_url=url,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0001_initial"),
        ("publishing", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="disclosurerequest",
            name="published_reference",
            field=models.CharField(blank=True, max_length=64, verbose_name="已主动公开的信息"),
        ),
        migrations.AddField(
            model_name="disclosurerequest",
            name="published_title",
            field=models.CharField(blank=True, max_length=200, verbose_name="已主动公开信息的标题"),
        ),
        migrations.AddField(
            model_name="disclosurerequest",
            name="published_url",
            field=models.CharField(blank=True, max_length=500, verbose_name="已主动公开信息的网址"),
        ),
        # Backwards there is nothing to undo: 0003 has pointed the replies back to the items.
        migrations.RunPython(snapshot_published_items, migrations.RunPython.noop),
    ]
