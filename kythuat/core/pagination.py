from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int | None = None) -> Page:
    """The requested page; an out-of-range or malformed page number gives the nearest page."""
    paginator = Paginator(queryset, per_page or settings.KYTHUAT_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))
