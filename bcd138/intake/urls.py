from django.urls import include, path

from bcd138.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.report_queue, name="queue"),
    path("new/", views.report_record_view, name="record"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", views.report_act, name="act"),
    path("<int:pk>/identity/", views.report_identity, name="identity"),
    path("<int:pk>/documents/", include("bcd138.intake.doc_urls")),
    path(
        "<int:pk>/files/<int:attachment_pk>/",
        views.report_attachment,
        name="attachment",
    ),
]
