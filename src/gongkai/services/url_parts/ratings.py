"""URL patterns of one part of 政务服务 (see services/urls.py): `public` and `staff` lists.

This part: 好差评, the applicant's rating from the progress page and the window's rating pad.
"""

from django.urls import path

from gongkai.services.views import applications, rating_pad

public: list = [
    path("zwfw/track/rate/", applications.track_rate, name="track_rate"),
]
staff: list = [
    path("cases/<str:number>/rate/", rating_pad.rating_pad, name="rating_pad"),
]
