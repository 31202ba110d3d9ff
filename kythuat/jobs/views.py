"""The user's background jobs: progress, the reason a job failed, the result."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest

from .models import Job
from .services import job_refresh


def _visible_job(request: AuthedRequest, pk: int) -> Job:
    return job_refresh(get_object_or_404(
        Job.objects.visible_to(request.user).defer("result"), pk=pk))


@login_required
@require_GET
def job_list(request: AuthedRequest) -> HttpResponse:
    jobs = Job.objects.visible_to(request.user).defer("result").select_related("unit")
    page = paginate(request, jobs)
    for job in page.object_list:
        job_refresh(job)
    return render(request, "jobs/job_list.html", {"page": page})


@login_required
@require_GET
def job_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _visible_job(request, pk)
    if request.htmx and job.finished and request.GET.get("poll"):
        # The progress bar asked: the job ended, so reload the whole page once.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    template = "jobs/_progress.html" if request.htmx else "jobs/job_detail.html"
    return render(request, template, {"job": job})


@login_required
@require_GET
def job_download(request: AuthedRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk, status=Job.Status.DONE)
    if job.result_url and not job.result:
        return redirect(job.result_url)
    if not job.result:
        raise Http404
    response = HttpResponse(bytes(job.result), content_type=job.result_type)
    response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
    return response
