"""政民互动: the public pages under /hudong/, and the staff pages under the staff prefix.

Each part keeps its own patterns (url_parts/): letters (public and staff), the message board,
the consultations, and the mailboxes.
"""

from gongkai.core.urls import staff as staff_pages
from gongkai.letters.url_parts import (
    board,
    consultations,
    mailboxes,
    public_letters,
    staff_letters,
)

app_name = "letters"

PARTS = (public_letters, staff_letters, board, consultations, mailboxes)

urlpatterns = [part_pattern for part in PARTS for part_pattern in part.public] + [
    staff_pages("letters/", [pattern for part in PARTS for pattern in part.staff]),
]
