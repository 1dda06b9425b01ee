"""The error summary a form shows above itself when it comes back with errors: every message,
each linked to its field, focused when the page loads so a keyboard user starts there."""

from __future__ import annotations

from django import forms, template
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext as _

register = template.Library()

# Set in the render's root scope by the first summary of a page: only that one asks for focus.
_FOCUS_TAKEN = "gongkai.error_summary.focus_taken"


def _target(field: forms.BoundField) -> str:
    """The id a summary link leads to: the control itself, or the first of a choice list."""
    if not field.auto_id or field.is_hidden:
        return ""
    # Radio buttons, checkbox lists and split inputs have no control of the field's own id
    # (Django labels the group, not a part), so the link goes to the first part.
    return field.id_for_label or f"{field.auto_id}_0"


def _entry(message, field: forms.BoundField | None = None, row: int | None = None) -> dict:
    if field is None:
        return {"message": message, "href": "", "label": ""}
    target = _target(field)
    # A hidden field has nothing to go to and no label a person has seen.
    label = "" if field.is_hidden else field.label
    if label and row is not None:
        label = _("第 %(n)s 行%(label)s") % {"n": row, "label": label}
    return {"message": message, "href": f"#{target}" if target else "", "label": label}


def _form_entries(form: forms.BaseForm, row: int | None = None) -> list[dict]:
    """Errors about the whole form first, then each field's in the form's order."""
    entries = [_entry(message) for message in form.non_field_errors()]
    for field in form:
        entries.extend(_entry(message, field, row) for message in field.errors)
    return entries


@register.simple_tag(takes_context=True)
def error_summary(context, *parts) -> dict:
    """The summary of a form in one or more parts (forms or formsets; an empty part, such as
    a missing variable, is skipped): its entries, and whether it takes the page's focus."""
    entries: list[dict] = []
    for part in parts:
        if isinstance(part, BaseFormSet):
            entries.extend(_entry(message) for message in part.non_form_errors())
            for row, form in enumerate(part.forms, start=1):
                entries.extend(_form_entries(form, row))
        elif isinstance(part, forms.BaseForm):
            entries.extend(_form_entries(part))
    # render_context.dicts[0] lives as long as the whole page's render (Django keeps its
    # template cache for `include` there), across includes and loops: a page of several forms
    # focuses only the first summary it shows.
    scope = context.render_context.dicts[0]
    autofocus = bool(entries) and not scope.get(_FOCUS_TAKEN)
    if autofocus:
        scope[_FOCUS_TAKEN] = True
    return {"entries": entries, "autofocus": autofocus}
