from django.urls import path

from bcd138.awards import campaign_views, decision_views, views

app_name = "awards"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("export.xlsx", views.proposal_export, name="export"),
    path("new/", views.proposal_new, name="new"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("<int:pk>/act/<slug:action>/", views.proposal_act, name="act"),
    path("<int:pk>/evidence/", views.proposal_evidence, name="evidence"),
    path(
        "<int:pk>/evidence/<int:link_pk>/remove/",
        views.proposal_evidence_remove,
        name="evidence_remove",
    ),
    path("<int:pk>/files/", views.proposal_files, name="files"),
    path("<int:pk>/files/<int:file_pk>/", views.proposal_file, name="file"),
    path("campaigns/", campaign_views.campaign_list, name="campaigns"),
    path("campaigns/new/", campaign_views.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", campaign_views.campaign_detail, name="campaign"),
    path(
        "campaigns/<int:pk>/edit/", campaign_views.campaign_edit, name="campaign_edit"
    ),
    path(
        "campaigns/<int:pk>/approve/",
        campaign_views.campaign_approve,
        name="campaign_approve",
    ),
    path("decisions/", decision_views.decision_list, name="decisions"),
    path("decisions/new/", decision_views.decision_new, name="decision_new"),
    path("decisions/<int:pk>/", decision_views.decision_detail, name="decision"),
    path(
        "decisions/<int:pk>/certificates/<int:recipient_pk>/",
        decision_views.certificate,
        name="certificate",
    ),
    path("counts/", decision_views.counts, name="counts"),
    path("counts/export.xlsx", decision_views.counts_export, name="counts_export"),
]
