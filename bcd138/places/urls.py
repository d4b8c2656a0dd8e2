from django.urls import path

from bcd138.places import views

app_name = "places"
urlpatterns = [
    path("", views.place_search, name="search"),
]
