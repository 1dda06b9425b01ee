"""URL patterns of one part of 政民互动 (see letters/urls.py): `public` and `staff` lists.

This part: the mailboxes in the workbench, their list (and a new one) and one mailbox's
settings with its open / close button. The public side of a mailbox is its write page
(public_letters).
"""

from django.urls import path

from gongkai.letters.views import staff_mailboxes

public: list = []
staff: list = [
    path("mailboxes/", staff_mailboxes.mailbox_list, name="mailboxes"),
    path("mailboxes/<int:pk>/", staff_mailboxes.mailbox_detail, name="mailbox"),
    path("mailboxes/<int:pk>/active/", staff_mailboxes.mailbox_active, name="mailbox_active"),
]
