"""URL patterns of the documents of 政务服务 (see services/urls.py): the 明白卡 download."""

from django.urls import path

from gongkai.services.views import card

public: list = [
    path("zwfw/items/<str:code>/card.pdf", card.card, name="card"),
]
staff: list = []
