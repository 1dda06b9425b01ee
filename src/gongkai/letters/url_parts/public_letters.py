"""URL patterns of one part of 政民互动 (see letters/urls.py): `public` and `staff` lists.

This part: the 政民互动 page, writing a letter and following it, the published letters and
the statistics, under /hudong/.
"""

from django.urls import path

from gongkai.letters.views import public_letters, published_letters

public: list = [
    path("hudong/", public_letters.index, name="index"),
    path("hudong/write/<slug:mailbox>/", public_letters.write, name="write"),
    path("hudong/written/", public_letters.written, name="written"),
    path("hudong/track/", public_letters.track, name="track"),
    path("hudong/track/rate/", public_letters.track_rate, name="track_rate"),
    path("hudong/track/reopen/", public_letters.track_reopen, name="track_reopen"),
    path("hudong/letters/", published_letters.published, name="published"),
    path(
        "hudong/letters/<str:number>/",
        published_letters.published_letter,
        name="published_letter",
    ),
    path("hudong/stats/", published_letters.statistics, name="stats"),
]
staff: list = []
