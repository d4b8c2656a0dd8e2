"""The documents of a report, included under "reports/<int:pk>/documents/" by
`intake.urls`, so the names join the "intake" namespace: `intake:document`."""

from django.urls import path

from bcd138.intake import doc_views

urlpatterns = [
    path("<slug:kind>/", doc_views.report_document, name="document"),
]
