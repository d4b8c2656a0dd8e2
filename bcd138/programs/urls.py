from django.urls import path

from bcd138.programs.views import dashboard, plans, programmes, recommendations

app_name = "programs"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("programmes/", programmes.programme_list, name="programmes"),
    path("programmes/new/", programmes.programme_create, name="programme_new"),
    path("programmes/<int:pk>/", programmes.programme_detail, name="programme"),
    path("programmes/<int:pk>/edit/", programmes.programme_edit, name="programme_edit"),
    path(
        "programmes/<int:pk>/act/<slug:action>/",
        programmes.programme_act,
        name="programme_act",
    ),
    path(
        "programmes/<int:pk>/files/<int:file_pk>/",
        programmes.programme_file,
        name="programme_file",
    ),
    path(
        "recommendations/",
        recommendations.recommendation_list,
        name="recommendations",
    ),
    path(
        "recommendations/aging/",
        recommendations.recommendation_aging,
        name="recommendation_aging",
    ),
    path(
        "recommendations/export.xlsx",
        recommendations.recommendation_export,
        name="recommendation_export",
    ),
    path(
        "recommendations/new/",
        recommendations.recommendation_create,
        name="recommendation_new",
    ),
    path(
        "recommendations/<int:pk>/",
        recommendations.recommendation_detail,
        name="recommendation",
    ),
    path(
        "recommendations/<int:pk>/edit/",
        recommendations.recommendation_edit,
        name="recommendation_edit",
    ),
    path(
        "recommendations/<int:pk>/act/<slug:action>/",
        recommendations.recommendation_act,
        name="recommendation_act",
    ),
    path("plans/", plans.plan_list, name="plans"),
    path("plans/new/", plans.plan_create, name="plan_new"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/act/<slug:action>/", plans.plan_act, name="plan_act"),
    path("plans/<int:pk>/tasks/new/", plans.task_create, name="task_new"),
    path("tasks/", plans.task_list, name="tasks"),
    path("tasks/export.xlsx", plans.task_export, name="task_export"),
    path("tasks/<int:pk>/", plans.task_detail, name="task"),
    path("tasks/<int:pk>/edit/", plans.task_edit, name="task_edit"),
    path("tasks/<int:pk>/act/<slug:action>/", plans.task_act, name="task_act"),
    path("tasks/<int:pk>/files/<int:file_pk>/", plans.task_file, name="task_file"),
]
