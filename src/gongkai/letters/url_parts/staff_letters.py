"""URL patterns of one part of 政民互动 (see letters/urls.py): `public` and `staff` lists.

This part: the letters in the workbench, the queue and a letter's page with the forms of its
next steps (each posts to `letters/<number>/<step>/`).
"""

from django.urls import path

from gongkai.letters.views import staff_letter_page, staff_letters
from gongkai.letters.views.staff_letter_steps import STEPS, step_view

public: list = []
staff: list = [
    path("", staff_letters.queue, name="queue"),
    path("letters/<str:number>/", staff_letter_page.letter_detail, name="letter"),
    path("letters/<str:number>/writer/", staff_letter_page.letter_reveal, name="letter_reveal"),
    path(
        "letters/<str:number>/attachments/<int:pk>/",
        staff_letter_page.attachment_download,
        name="letter_attachment",
    ),
    *(
        path(f"letters/<str:number>/{name}/", step_view(name), name=f"letter_{name}")
        for name in STEPS
    ),
]
