from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from ..models import Job
from ..services import job_refresh


class JobOut(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Job
        fields = ["id", "kind", "title", "unit", "status", "status_display", "done", "total",
                  "percent", "error", "result_name", "created_at", "started_at", "finished_at"]


class JobViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's background jobs and their progress."""

    queryset = Job.objects.none()
    serializer_class = JobOut

    def get_queryset(self) -> QuerySet[Job]:
        return Job.objects.visible_to(self.request.user).defer("result")

    def get_object(self) -> Job:
        return job_refresh(super().get_object())
