"""Skeleton: replaced by the people screens."""

from django.http import Http404


def person_list(request):
    raise Http404


def person_detail(request, pk):
    raise Http404
