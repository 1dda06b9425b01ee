from django.urls import path

from gongkai.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("departments/", views.departments, name="departments"),
    path("elderly/", views.toggle_elderly, name="elderly"),
    path("healthz", views.healthz, name="healthz"),
]
