"""Reads: issuers and the register, always scoped to the user; the header of a document for a
unit at a date."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from kythuat.core.text import fold
from kythuat.org.models import Unit, User
from kythuat.org.querysets import subtree_ids

from .models import IssuedNumber, Issuer


def issuer_lineage(issuer: Issuer) -> list[Issuer]:
    """The names of one issuing body in order: the first name … the latest."""
    first, seen = issuer, {issuer.pk}
    while first.predecessor_id is not None and first.predecessor_id not in seen:
        first = first.predecessor
        seen.add(first.pk)
    chain, in_chain = [first], {first.pk}
    while True:
        nxt = Issuer.objects.filter(predecessor=chain[-1]).select_related("profile").first()
        if nxt is None or nxt.pk in in_chain:
            break
        chain.append(issuer if nxt.pk == issuer.pk else nxt)
        in_chain.add(nxt.pk)
    return chain


def issuer_on(issuer: Issuer, day: dt.date) -> Issuer | None:
    """The name (row) of this issuing body that was valid on `day`, or None."""
    for named in issuer_lineage(issuer):
        if named.is_valid_on(day):
            return named
    return None


def issuer_list(*, user: User, filters: Mapping[str, str] | None = None) -> QuerySet[Issuer]:
    issuers = Issuer.objects.visible_to(user).select_related("unit", "profile", "predecessor")
    filters = filters or {}
    if text := fold(filters.get("q") or ""):
        # Folded on both sides: "dang uy" finds "Đảng uỷ".
        issuers = issuers.filter(search_text__contains=text)
    if unit := filters.get("unit_obj"):
        issuers = issuers.filter(unit__in=subtree_ids(unit))
    if profile := filters.get("profile"):
        issuers = issuers.filter(profile__code=profile)
    if filters.get("current"):
        issuers = issuers.filter(valid_to__isnull=True)
    return issuers


def visible_issuer(user: User, pk: object) -> Issuer:
    return get_object_or_404(Issuer.objects.visible_to(user).select_related(
        "unit", "profile", "predecessor"), pk=pk)


def register_list(*, user: User, filters: Mapping[str, object] | None = None
                  ) -> QuerySet[IssuedNumber]:
    numbers = IssuedNumber.objects.visible_to(user).select_related(
        "issuer", "issuer__unit", "issuer__profile", "document_type", "issued_by")
    filters = filters or {}
    if text := str(filters.get("q") or "").strip():
        numbers = numbers.filter(Q(symbol__icontains=text) | Q(subject__icontains=text))
    if unit := filters.get("unit_obj"):
        numbers = numbers.filter(issuer__unit__in=subtree_ids(unit))
    if issuer := filters.get("issuer"):
        numbers = numbers.filter(issuer__in=issuer_lineage(issuer))
    if document_type := filters.get("document_type"):
        numbers = numbers.filter(document_type=document_type)
    if year := filters.get("year"):
        numbers = numbers.filter(date__year=year)
    if date_from := filters.get("date_from"):
        numbers = numbers.filter(date__gte=date_from)
    if date_to := filters.get("date_to"):
        numbers = numbers.filter(date__lte=date_to)
    return numbers.order_by("-date", "-pk")


@dataclass(frozen=True)
class Letterhead:
    """What the header of a document needs about its issuer."""

    issuer: Issuer | None
    profile_code: str
    issuer_name: str
    issuer_parent: str
    abbreviation: str
    place: str

    @classmethod
    def of(cls, issuer: Issuer) -> "Letterhead":
        return cls(issuer, issuer.profile.code, issuer.name, issuer.parent_name,
                   issuer.abbreviation, issuer.place)


def letterhead(unit: Unit, day: dt.date, profile: str = "state") -> Letterhead:
    """The issuer of `unit` (or of the nearest unit above it) valid on `day` in this profile;
    without one, the unit's own name under its parent's, no abbreviation, and the place of the
    nearest issuer of any profile above it (so the date line still names a place)."""
    ancestors = list(unit.ancestors(include_self=True))
    ancestors.sort(key=lambda u: len(u.path), reverse=True)
    valid = list(Issuer.objects.filter(unit__in=ancestors).valid_on(day)
                 .select_related("profile").order_by("-valid_from", "-pk"))
    for candidate in ancestors:  # one query for the whole chain, the nearest unit wins
        issuer = next((i for i in valid if i.unit_id == candidate.pk
                       and i.profile.code == profile), None)
        if issuer is not None:
            return Letterhead.of(issuer)
    place = next((i.place for candidate in ancestors for i in valid
                  if i.unit_id == candidate.pk and i.place.strip()), "")
    parent = unit.parent.name if unit.parent_id else ""
    return Letterhead(None, profile, unit.name, parent, "", place)


@dataclass(frozen=True)
class Signer:
    """Who signs for an issuer by default: "TM. Bộ Chỉ huy / Chỉ huy trưởng"."""

    prefix: str
    office: str
    title: str


# Unit kind code → the usual signer of the unit's documents. A commander signing in his own
# name has no prefix; a collective body (Bộ Tư lệnh, Bộ Chỉ huy, Ban Chỉ huy) signs "TM.".
SIGNERS = {
    "bo": Signer("KT.", "Bộ trưởng", "Thứ trưởng"),
    "tong-cuc": Signer("", "", "Chủ nhiệm"),
    "quan-khu": Signer("TM.", "Bộ Tư lệnh", "Tư lệnh"),
    "quan-doan": Signer("TM.", "Bộ Tư lệnh", "Tư lệnh"),
    "quan-chung": Signer("TM.", "Bộ Tư lệnh", "Tư lệnh"),
    "su-doan": Signer("", "", "Sư đoàn trưởng"),
    "lu-doan": Signer("", "", "Lữ đoàn trưởng"),
    "trung-doan": Signer("", "", "Trung đoàn trưởng"),
    "tieu-doan": Signer("", "", "Tiểu đoàn trưởng"),
    "dai-doi": Signer("", "", "Đại đội trưởng"),
    "bo-chqs-tinh": Signer("TM.", "Bộ Chỉ huy", "Chỉ huy trưởng"),
    "ban-chptkv": Signer("TM.", "Ban Chỉ huy", "Chỉ huy trưởng"),
    "ban-chqs-xa": Signer("TM.", "Ban Chỉ huy", "Chỉ huy trưởng"),
    "cuc": Signer("", "", "Cục trưởng"),
    "phong": Signer("", "", "Trưởng phòng"),
    "ban": Signer("", "", "Trưởng ban"),
    "kho": Signer("", "", "Chủ nhiệm kho"),
    "xuong": Signer("", "", "Giám đốc xưởng"),
    "tram": Signer("", "", "Trạm trưởng"),
    "nha-may": Signer("", "", "Giám đốc"),
}
PARTY_SIGNER = Signer("TM.", "Đảng uỷ", "Bí thư")
OWN_NAME = Signer("", "", "Chỉ huy")


def default_signer(unit: Unit, head: Letterhead | None = None) -> Signer:
    """The usual signer of a document of `unit` under `head`: the Party committee's secretary
    for a Party issuer, else by the kind of the issuing unit (a military region's Bộ Tư lệnh,
    a province's Bộ Chỉ huy, a division's commander …)."""
    issuer = head.issuer if head is not None else None
    if issuer is not None and issuer.profile.code == "party":
        return PARTY_SIGNER
    issuing = issuer.unit if issuer is not None else unit
    return SIGNERS.get(issuing.kind.code, OWN_NAME)
