"""Counts of long lists kept between requests until anything they read may have changed.

Counting the documents or the lots of a military region costs more than the rest of its page,
and the figure is the same from one page to the next: it is kept in the cache under the
query's own SQL (its filters, the user's subtree, today's date when a filter reads it) and
`writes_version()`, so it is exact after any posting, reversal, draft change, lot decision or
closing, and recomputed once after each.
"""

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet, Subquery
from django.http import HttpRequest
from django.utils.functional import cached_property

from kythuat.audit.models import AuditEvent

from .models import LedgerEntry

KEEP_SECONDS = 600


def writes_version() -> tuple:
    """What changes whenever a record changes: the newest audit row with its time (every
    service writes one in its own transaction: a draft created, changed, returned or deleted,
    a document posted or reversed, a lot isolated, tested or extended, a period closed; the
    time tells an id reused after a rollback) and the newest ledger entry (what posts without
    an audit row, such as generated data). One statement of two look-ups by primary key."""
    newest_entry = LedgerEntry.objects.order_by("-id").values("id")[:1]
    row = (AuditEvent.objects.order_by("-id").annotate(entry=Subquery(newest_entry))
           .values_list("id", "occurred_at", "entry").first())
    if row is None:
        return (None, LedgerEntry.objects.order_by("-id").values_list("id", flat=True).first())
    return row


def query_key(name: str, queryset: QuerySet, *extra) -> str:
    """A cache key for what `queryset` selects now: its SQL and parameters (the filters, the
    subtree's path, the dates) with `writes_version()`."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a filter on an empty list: nothing to keep, nothing to read
        sql, params = "", ()
    text = repr((sql, tuple(map(str, params)), extra, writes_version()))
    return f"kept:{name}:" + hashlib.sha1(text.encode()).hexdigest()  # noqa: S324 (not a secret)


def kept(name: str, queryset: QuerySet, compute: Callable[[], Any], *extra) -> Any:
    """`compute()`, a figure read from `queryset`, kept until a write may change it (ten
    minutes at most); `extra` names anything else it reads."""
    key = query_key(name, queryset, *extra)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, KEEP_SECONDS)
    return value


def kept_count(name: str, queryset: QuerySet, *extra) -> int:
    """`queryset.count()`, kept until a write may change it."""
    return kept(name, queryset, queryset.count, *extra)


class _KeptPaginator(Paginator):
    def __init__(self, object_list, per_page: int, *, name: str) -> None:
        super().__init__(object_list, per_page)
        self._name = name

    @cached_property
    def count(self) -> int:
        return kept_count(self._name, self.object_list)


def paginate_kept(request: HttpRequest, queryset: QuerySet, name: str) -> Page:
    """`core.pagination.paginate` with the count kept (`kept_count`)."""
    paginator = _KeptPaginator(queryset, settings.KYTHUAT_PAGE_SIZE, name=name)
    return paginator.get_page(request.GET.get("page"))


def paginate_kept_order(request: HttpRequest, queryset: QuerySet, name: str,
                        rows: Callable[[list[int]], QuerySet]) -> Page:
    """A page of a list whose order needs every row of the subtree (lots by type name and
    number): the ordered ids are kept like a count (`kept`; a military region's 16,000 lots
    are ~100 KiB), so a page reads its 50 rows by primary key with `rows(ids)`. The ids come
    from the scoped `queryset`; the rows are read unscoped, only for those ids."""
    ids = kept(f"{name}-ids", queryset, lambda: list(queryset.values_list("pk", flat=True)))
    page = Paginator(ids, settings.KYTHUAT_PAGE_SIZE).get_page(request.GET.get("page"))
    found = {row.pk: row for row in rows(list(page.object_list))}
    page.object_list = [found[pk] for pk in page.object_list if pk in found]
    return page
