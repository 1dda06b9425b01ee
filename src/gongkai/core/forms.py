"""Form pieces every module shares: several files in one input, checked by content, an
action's `InvalidInput` shown next to the field it names, and the public "number + query
code" form that opens a citizen's own case."""

from __future__ import annotations

from contextlib import contextmanager

from django import forms
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongkai.core import file_kinds
from gongkai.core.errors import InvalidInput
from gongkai.core.files import check_upload


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; `clean_uploads` checks each by content."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        # Two-argument super(): a comprehension has no __class__ cell before Python 3.12.
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def _upload_help(allowed: frozenset[str] | None, note: str) -> str:
    described = file_kinds.describe(allowed)
    return f"{described}{note}" if note else described


_lazy_upload_help = lazy(_upload_help, str)


def upload_help(allowed=None, note=""):
    """An upload field's help text: every kind the field takes and the size limit, then
    `note`; made from `core.file_kinds` when the form is shown (the limit is a setting)."""
    return _lazy_upload_help(frozenset(allowed) if allowed is not None else None, note)


def upload_input(allowed=None) -> forms.FileInput:
    """A file input whose `accept` offers the extensions of the kinds the field takes."""
    return forms.FileInput(attrs={"accept": file_kinds.accept_attribute(allowed)})


def clean_uploads(uploads, **check) -> list:
    """Each upload checked by `core.files.check_upload`; every refusal reported at once."""
    checked, errors = [], []
    for upload in uploads or []:
        try:
            checked.append(check_upload(upload, **check))
        except InvalidInput as exc:
            errors.append(exc.message)
    if errors:
        raise forms.ValidationError(errors)
    return checked


def add_invalid_input(form: forms.Form, exc: InvalidInput) -> None:
    """Put an action's refusal next to the field it names (or above the form)."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@contextmanager
def errors_into(form: forms.Form, field: str | None = None):
    """`with errors_into(form): action(...)`: an `InvalidInput` becomes the form's error.

    After the block, `form.errors` says whether the action was refused. With `field`, the
    message goes next to that field whatever the action named.
    """
    try:
        yield
    except InvalidInput as exc:
        if field is not None:
            form.add_error(field, exc.message)
        else:
            add_invalid_input(form, exc)


def _tracking_field(label, max_length: int, hint) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        error_messages={
            "required": format_lazy(_("请填写{label}。"), label=label),
            "max_length": format_lazy(_("{label}过长。"), label=label),
        },
        help_text=hint,
        # A number and a code copied from a receipt: no suggestions, no spelling marks.
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


def tracking_form(
    *, number_label, number_hint, number_max_length: int, code_hint
) -> type[forms.Form]:
    """The public progress query's form: the number on the receipt and its query code.

    Every module that gives a citizen a number and a code asks for them the same way; only
    the words differ. The module subclasses the result under its own name and docstring.
    """

    class TrackingForm(forms.Form):
        number = _tracking_field(number_label, number_max_length, number_hint)
        code = _tracking_field(_("查询码"), 40, code_hint)

    return TrackingForm
