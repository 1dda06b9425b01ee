from django.urls import path

from gongkai.portal import search, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("departments/", views.departments, name="departments"),
    path("search/", search.search_page, name="search"),
    path("elderly/", views.toggle_elderly, name="elderly"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots, name="robots"),
]
