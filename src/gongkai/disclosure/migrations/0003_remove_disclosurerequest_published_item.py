"""The reply's foreign key to publishing's Item goes: 0002 copied what it pointed to into
the reference, title and address fields. Backwards the foreign key comes back and points
again to the item each reference names (the fields 0002 added go in 0002's own step)."""

from django.db import migrations


def point_back_to_items(apps, schema_editor):
    """Backwards: the foreign key again, to the item the reference names (if it still exists)."""
    try:
        Item = apps.get_model("publishing", "Item")
    except LookupError:
        return
    DisclosureRequest = apps.get_model("disclosure", "DisclosureRequest")
    replies = DisclosureRequest.objects.exclude(published_reference="")
    for request in replies.only("pk", "published_reference").iterator():
        reference = request.published_reference
        item = Item.objects.filter(index_number=reference).first()
        if item is None and reference.isdigit():
            item = Item.objects.filter(pk=int(reference)).first()
        if item is not None:
            DisclosureRequest.objects.filter(pk=request.pk).update(published_item=item)


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0002_published_reference"),
    ]

    operations = [
        # Forwards nothing to do; backwards (after the field is back) the references resolved.
        migrations.RunPython(migrations.RunPython.noop, point_back_to_items),
        migrations.RemoveField(model_name="disclosurerequest", name="published_item"),
    ]
