from django.urls import path

from bcd138.agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.agency_list, name="list"),
    path("<int:pk>/", views.agency_detail, name="detail"),
    path("committees/", views.committee_list, name="committees"),
    path("committees/<int:pk>/", views.committee_detail, name="committee"),
]
