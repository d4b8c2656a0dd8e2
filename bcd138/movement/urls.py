from django.urls import path

from bcd138.movement.views import (
    files,
    grassroots,
    outreach,
    overview,
    people,
    safety,
    teams,
)

app_name = "movement"
urlpatterns = [
    path("", overview.overview, name="overview"),
    path("models/", grassroots.model_list, name="models"),
    path("models/new/", grassroots.model_create, name="model_create"),
    path("models/<int:pk>/", grassroots.model_detail, name="model"),
    path("models/<int:pk>/edit/", grassroots.model_edit, name="model_edit"),
    path(
        "models/<int:pk>/replicate/", grassroots.model_replicate, name="model_replicate"
    ),
    path("models/<int:pk>/assess/", grassroots.model_assess, name="model_assess"),
    path("people/", people.person_list, name="people"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:pk>/link/", people.person_link, name="person_link"),
    path(
        "people/<int:pk>/unlink/<int:link_pk>/",
        people.person_unlink,
        name="person_unlink",
    ),
    path("outreach/", outreach.session_list, name="outreach"),
    path("outreach/new/", outreach.session_create, name="session_create"),
    path("outreach/<int:pk>/", outreach.session_detail, name="session"),
    path("outreach/<int:pk>/edit/", outreach.session_edit, name="session_edit"),
    path("teams/", teams.team_list, name="teams"),
    path("teams/new/", teams.team_create, name="team_create"),
    path("teams/<int:pk>/", teams.team_detail, name="team"),
    path("teams/<int:pk>/edit/", teams.team_edit, name="team_edit"),
    path("teams/<int:pk>/members/", teams.team_member_add, name="team_member_add"),
    path(
        "teams/<int:pk>/members/<int:member_pk>/leave/",
        teams.team_member_leave,
        name="team_member_leave",
    ),
    path("safety/", safety.recognition_list, name="safety"),
    path("safety/new/", safety.recognition_register, name="recognition_register"),
    path("safety/<int:pk>/", safety.recognition_detail, name="recognition"),
    path(
        "safety/<int:pk>/checklist/",
        safety.recognition_checklist,
        name="recognition_checklist",
    ),
    path(
        "safety/<int:pk>/decide/", safety.recognition_decide, name="recognition_decide"
    ),
    path(
        "safety/<int:pk>/correct/",
        safety.recognition_correct,
        name="recognition_correct",
    ),
    path(
        "safety/<int:pk>/certificate/",
        safety.recognition_certificate_view,
        name="recognition_certificate",
    ),
    path("<slug:section>/<int:pk>/files/", files.record_files_add, name="files_add"),
    path("files/<int:pk>/", files.file_download, name="file"),
]
