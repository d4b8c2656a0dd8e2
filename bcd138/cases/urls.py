from django.urls import path

from bcd138.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("new/places/", views.place_options, name="places"),
    path("new/charge-row/", views.charge_row, name="charge_row"),
    path("timeliness/", views.case_timeliness, name="timeliness"),
    path("law/", views.law_search, name="law"),
    path("law/clause/", views.law_clause, name="law_clause"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/act/<slug:kind>/", views.case_act, name="act"),
    path("<int:pk>/identities/", views.case_identities, name="identities"),
    path("<int:pk>/victims/", views.case_record, {"what": "victim"}, name="victim_add"),
    path("<int:pk>/seized/", views.case_record, {"what": "seized"}, name="seized_add"),
]
