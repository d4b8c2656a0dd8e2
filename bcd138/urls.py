from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from bcd138.api import api
from bcd138.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("bcd138.core.urls")),
    path("agencies/", include("bcd138.agencies.urls")),
    path("places/", include("bcd138.places.urls")),
    path("reports/", include("bcd138.intake.urls")),
    path("cases/", include("bcd138.cases.urls")),
    path("awards/", include("bcd138.awards.urls")),
    path("programs/", include("bcd138.programs.urls")),
    path("movement/", include("bcd138.movement.urls")),
    path("hotspots/", include("bcd138.hotspots.urls")),
    path("to-giac/", include("bcd138.intake.portal_urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler403 = "bcd138.core.views.error_403"
handler404 = "bcd138.core.views.error_404"
handler500 = "bcd138.core.views.error_500"
