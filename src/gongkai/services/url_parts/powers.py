"""URL patterns of the 职权目录 (see services/urls.py): the public catalogue of powers under
/zwfw/powers/, and its editors' pages."""

from django.urls import path

from gongkai.services.views import powers, staff_powers

public: list = [
    path("zwfw/powers/", powers.powers, name="powers"),
    path("zwfw/powers/<str:code>/", powers.power, name="power"),
]
staff: list = [
    path("powers/", staff_powers.power_list, name="powers"),
    path("powers/new/", staff_powers.power_new, name="power_new"),
    path("powers/<int:pk>/", staff_powers.power_edit, name="power_edit"),
    path("powers/<int:pk>/publish/", staff_powers.power_publish, name="power_publish"),
    path("powers/<int:pk>/unpublish/", staff_powers.power_unpublish, name="power_unpublish"),
]
