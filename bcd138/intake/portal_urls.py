"""The public portal, mounted at /to-giac/ (Vietnamese paths: citizens read them)."""

from django.urls import path

from bcd138.intake import portal_views as views

app_name = "portal"
urlpatterns = [
    path("", views.portal_submit, name="submit"),
    path("xa/", views.portal_communes, name="communes"),
    path("tra-cuu/", views.portal_status, name="status"),
    path("tra-cuu/ho-so/", views.portal_case, name="case"),
    path("tra-cuu/ho-so/tin-nhan/", views.portal_message, name="message"),
    path("tra-cuu/thoat/", views.portal_leave, name="leave"),
]
