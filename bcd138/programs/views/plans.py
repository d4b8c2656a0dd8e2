"""Plan and task pages: plans with their roll-up, tasks, reports and decisions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bcd138.core import audit
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.core.xlsx import xlsx_response
from bcd138.programs import access
from bcd138.programs import forms as f
from bcd138.programs.models import (
    ACTIONABLE_TASK_STATES,
    Plan,
    PlanStatus,
    Task,
    TaskFile,
    TaskState,
)
from bcd138.programs.services import plans as svc
from bcd138.programs.services import progress
from bcd138.programs.services.common import committee_agencies, today
from bcd138.programs.services.exports import tasks_sheet
from bcd138.programs.services.queries import plan_rollup, plans_list, tasks_list
from bcd138.programs.views.common import (
    REFUSED,
    cleaned_files,
    file_response,
    page_of,
    run_step,
    visible_agencies,
)

# ---- plans -----------------------------------------------------------------------


def _fresh(obj: Any) -> Any:
    """The row as stored: a refused step may have changed it in memory."""
    obj.refresh_from_db()
    return obj


@login_required
@require_GET
def plan_list(request: AuthedRequest) -> HttpResponse:
    access.require_programs_role(request.user)
    form = f.PlanFilterForm(request.GET or None)
    qs = plans_list(user=request.user, filters=form.to_filters())
    context = {
        "form": form,
        "page": page_of(request, qs),
        "can_create": access.committees_managed_by(request.user).exists(),
    }
    template = "programs/plan_list.html"
    return render(request, f"{template}#results" if request.htmx else template, context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: AuthedRequest) -> HttpResponse:
    committees = access.committees_managed_by(request.user)
    if not committees.exists():
        raise PermissionDenied
    form = f.PlanForm(request.POST or None, initial={"year": today().year})
    form.set_committees(committees)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            plan = svc.plan_create(
                by=request.user,
                committee=d["committee"],
                year=d["year"],
                number=d["number"],
                title=d["title"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("programs:plan", pk=plan.pk)
    return render(request, "programs/plan_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = access.plan_get_for(user=request.user, pk=pk)
    access.require_manage(request.user, plan.committee)
    initial = {"year": plan.year, "number": plan.number, "title": plan.title}
    form = f.PlanForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            svc.plan_update(
                plan,
                by=request.user,
                year=d["year"],
                number=d["number"],
                title=d["title"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("programs:plan", pk=plan.pk)
    return render(request, "programs/plan_form.html", {"form": form, "plan": plan})


@login_required
@require_GET
def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = access.plan_get_for(user=request.user, pk=pk)
    return _plan_page(request, plan)


def _plan_page(
    request: AuthedRequest, plan: Plan, date_form: Any = None, status: int = 200
) -> HttpResponse:
    """The plan's page; after a refused approval or closing, with its date and
    the error (400)."""
    manages = access.may_manage(request.user, plan.committee)
    tasks = (
        access.tasks_visible_to(request.user)
        .filter(plan=plan)
        .select_related("plan", "assignee")
        .order_by("ordinal")
    )
    context = {
        "plan": plan,
        "tasks": tasks,
        "today": today(),
        "rollup": plan_rollup(plan, user=request.user, today=today()),
        "manages": manages,
        "date_form": date_form or f.DateForm(),
    }
    return render(request, "programs/plan_detail.html", context, status=status)


@login_required
@require_POST
def plan_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    plan = access.plan_get_for(user=request.user, pk=pk)
    access.require_manage(request.user, plan.committee)
    steps = {"approve": svc.plan_approve, "close": svc.plan_close}
    if action not in steps:
        raise Http404
    step, user = steps[action], request.user
    return run_step(
        request,
        f.DateForm(request.POST),
        lambda d: step(plan, by=user, on=d["on"]),
        "programs:plan",
        pk,
        page=lambda form: _plan_page(request, _fresh(plan), form, REFUSED),
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = access.plan_get_for(user=request.user, pk=pk)
    access.require_manage(request.user, plan.committee)
    form = f.TaskForm(request.POST or None, agencies=committee_agencies(plan.committee))
    if request.method == "POST" and form.is_valid():
        try:
            svc.task_create(plan, by=request.user, data=form.to_input())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if "another" in request.POST:
                return redirect("programs:task_new", pk=plan.pk)
            return redirect("programs:plan", pk=plan.pk)
    return render(request, "programs/task_form.html", {"form": form, "plan": plan})


# ---- tasks -----------------------------------------------------------------------


def _task_filter_form(request: AuthedRequest) -> f.TaskFilterForm:
    form = f.TaskFilterForm(request.GET or None)
    form.fields["agency"].queryset = visible_agencies(request.user)  # type: ignore[attr-defined]
    plans = access.plans_visible_to(request.user).order_by("-year", "number")
    form.fields["plan"].queryset = plans  # type: ignore[attr-defined]
    return form


@login_required
@require_GET
def task_list(request: AuthedRequest) -> HttpResponse:
    access.require_programs_role(request.user)
    form = _task_filter_form(request)
    qs = tasks_list(user=request.user, filters=form.to_filters(), today=today())
    context = {
        "form": form,
        "page": page_of(request, qs),
        "today": today(),
        "query": request.GET.urlencode(),
    }
    template = "programs/task_list.html"
    return render(request, f"{template}#results" if request.htmx else template, context)


@login_required
@require_GET
def task_export(request: AuthedRequest) -> HttpResponse:
    access.require_programs_role(request.user)
    form = _task_filter_form(request)
    qs = tasks_list(user=request.user, filters=form.to_filters(), today=today())
    return xlsx_response(f"nhiem-vu-{today():%Y%m%d}", [tasks_sheet(qs, today=today())])


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    task = access.task_get_for(user=request.user, pk=pk)
    access.require_manage(request.user, task.plan.committee)
    initial = {name: getattr(task, name) for name in svc.TASK_FIELDS}
    form = f.TaskForm(
        request.POST or None,
        initial=initial,
        agencies=committee_agencies(task.plan.committee),
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.task_update(task, by=request.user, data=form.to_input())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("programs:task", pk=task.pk)
    context = {"form": form, "plan": task.plan, "task": task}
    return render(request, "programs/task_form.html", context)


@login_required
@require_GET
def task_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    task = access.task_get_for(user=request.user, pk=pk)
    return _task_page(request, task)


def _task_page(
    request: AuthedRequest, task: Task, step: str = "", form: Any = None
) -> HttpResponse:
    """The task's page; after a refused step, with that step's form as it was
    sent and its panel open (400)."""
    user = request.user
    plan_open = task.plan.status == PlanStatus.APPROVED
    reports = plan_open and task.state in ACTIONABLE_TASK_STATES
    decides = plan_open and task.state == TaskState.SUBMITTED
    manages = access.may_manage(user, task.plan.committee)
    events = task.events.select_related("agency", "author").prefetch_related(
        Prefetch("files", queryset=TaskFile.objects.order_by("id"))
    )
    context = {
        "task": task,
        "today": today(),
        "events": events,
        "manages": manages,
        "may_report": reports and access.may_report_on_task(user, task),
        "may_decide": decides and manages,
        "report_form": f.ReportForm(prefix="report"),
        "submit_form": f.ReportForm(prefix="submit"),
        "accept_form": f.AcceptForm(prefix="accept"),
        "return_form": f.ReturnForm(prefix="return"),
        "open_step": step,
    }
    if step:
        context[f"{step}_form"] = form
    status = REFUSED if step else 200
    return render(request, "programs/task_detail.html", context, status=status)


def _report(task: Task, user: Any, d: dict[str, Any], done: bool) -> None:
    step = progress.task_submit if done else progress.task_report
    step(
        task,
        by=user,
        text=d["text"],
        on=d["on"],
        figure=d.get("figure"),
        files=cleaned_files(d, "attachments"),
    )


@login_required
@require_POST
def task_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    task = access.task_get_for(user=request.user, pk=pk)
    user, post = request.user, request.POST
    back = "programs:task"

    def page(form: Any) -> HttpResponse:
        return _task_page(request, _fresh(task), action, form)

    if action in ("report", "submit"):
        if not access.may_report_on_task(user, task):
            audit.record("task.act_refused", actor=user, obj=task, with_repr=False)
            raise PermissionDenied
        form: Any = f.ReportForm(post, request.FILES, prefix=action)
        done = action == "submit"
        return run_step(
            request, form, lambda d: _report(task, user, d, done), back, pk, page=page
        )
    if action not in ("accept", "return"):
        raise Http404
    access.require_manage(user, task.plan.committee)
    if action == "accept":
        return run_step(
            request,
            f.AcceptForm(post, prefix=action),
            lambda d: progress.task_accept(task, by=user, on=d["on"], note=d["note"]),
            back,
            pk,
            page=page,
        )
    return run_step(
        request,
        f.ReturnForm(post, prefix=action),
        lambda d: progress.task_return(task, by=user, on=d["on"], reason=d["reason"]),
        back,
        pk,
        page=page,
    )


@login_required
@require_GET
def task_file(request: AuthedRequest, pk: int, file_pk: int) -> HttpResponseBase:
    task = access.task_get_for(user=request.user, pk=pk)
    row = TaskFile.objects.filter(event__task=task, pk=file_pk).first()
    if row is None:
        raise Http404
    audit.record(
        "task.file_view",
        actor=request.user,
        obj=task,
        place=task.plan.committee.place,
        changes={"file": row.pk},
    )
    return file_response(row)
