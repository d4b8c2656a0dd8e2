from django.urls import path

from bcd138.hotspots.views import alerts, maps

app_name = "hotspots"
urlpatterns = [
    path("", maps.hotspot_map, name="map"),
    path("run/", maps.run_start, name="run_start"),
    path("boundary.geojson", maps.boundary, name="boundary"),
    path("runs/<int:pk>/geojson", maps.run_geojson, name="run_geojson"),
    path(
        "runs/<int:run_pk>/places/<int:place_pk>/",
        maps.place_detail,
        name="place",
    ),
    path("alerts/", alerts.alert_list, name="alerts"),
    path("alerts/<int:pk>/", alerts.alert_detail, name="alert"),
    path("alerts/<int:pk>/act/<slug:action>/", alerts.alert_act, name="alert_act"),
]
