from django.urls import path

from bcd138.core import views

app_name = "core"
urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/tokens/", views.tokens, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("audit/", views.audit_log, name="audit"),
]
