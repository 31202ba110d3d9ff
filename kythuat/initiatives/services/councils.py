"""Councils: set up with members and quorum, dossiers sent to them, members' independent score
sheets, and the close that publishes the results (nothing is published before)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.org.models import Unit, User

from ..models import (
    Council,
    CouncilMember,
    Dossier,
    Initiative,
    RecognitionLevel,
    Score,
    ScoringCriterion,
    ScoringRule,
)
from .common import day_text, ensure_officer, is_above_or_self, line, not_future, text

MAX_MEMBERS = 30


@dataclass(frozen=True)
class MemberSpec:
    name: str = ""
    user: User | None = None
    rank: str = ""
    position: str = ""
    role: str = CouncilMember.Role.MEMBER


def _officer_message() -> str:
    return _("Only an officer of %(unit)s or a unit above it may run its initiative council.")


def _member_values(council: Council, spec: MemberSpec) -> dict:
    name = line(spec.name, 150) or (spec.user.get_full_name() or spec.user.username
                                    if spec.user else "")
    if not name:
        raise ValidationError({"members": _("Enter the name of each council member, or choose "
                                            "a user.")})
    if spec.user is not None and (spec.user.unit_id is None
                                  or not is_above_or_self(council.unit, spec.user.unit)):
        raise ValidationError({"members": _(
            "%(name)s is not a user of %(unit)s or of a unit under it; choose the council's "
            "members among its own people, or enter them by name.") % {
            "name": name, "unit": council.unit.name}})
    if spec.role not in CouncilMember.Role.values:
        raise ValidationError({"members": _("Choose the member's role: chair, secretary or "
                                            "member.")})
    return {"name": name, "user": spec.user, "rank": line(spec.rank, 60),
            "position": line(spec.position, 150) or (spec.user.position if spec.user else ""),
            "role": spec.role}


@transaction.atomic
def council_create(*, actor: User | None, unit: Unit, level: RecognitionLevel, year: int,
                   convened_on: dt.date, quorum: int, session: int = 1, name: str = "",
                   members: Iterable[MemberSpec] = ()) -> Council:
    """Sets up a unit's council for a year and session; the active scoring rule is copied."""
    ensure_officer(actor, unit, _officer_message())
    errors = {}
    if not level.is_active or not level.unit_kinds.filter(pk=unit.kind_id).exists():
        allowed = ", ".join(level.unit_kinds.values_list("name", flat=True)) or "—"
        errors["level"] = _("A council of %(unit)s cannot recognise at the level %(level)s; "
                            "that level belongs to: %(kinds)s.") % {
            "unit": unit.name, "level": level.phrase, "kinds": allowed}
    if convened_on is None or convened_on.year != year:
        errors["convened_on"] = _("The meeting date must fall in the council's year "
                                  "%(year)s.") % {"year": year}
    if not 1 <= (quorum or 0) <= MAX_MEMBERS:
        errors["quorum"] = _("Enter the quorum as the number of members who must score each "
                             "dossier, from 1 to %(max)s.") % {"max": MAX_MEMBERS}
    if errors:
        raise ValidationError(errors)
    rule = ScoringRule.objects.filter(is_active=True).order_by("pk").first()
    if rule is None:
        raise ValidationError(_("No scoring rule is in use; ask the system administrator to "
                                "set one in the reference lists."))
    if Council.objects.filter(unit=unit, year=year, session=session).exists():
        raise ValidationError({"session": _(
            "%(unit)s already has a council for session %(session)s of %(year)s; choose "
            "another session number.") % {"unit": unit.name, "session": session, "year": year}})
    council = Council(unit=unit, level=level, year=year, session=session,
                      name=line(name, 200) or _("Initiative council of %(unit)s, %(year)s")
                      % {"unit": unit.name, "year": year},
                      convened_on=convened_on, quorum=quorum, method=rule.method,
                      pass_mark=rule.pass_mark)
    council.full_clean()
    council.save()
    specs = list(members)
    for spec in specs:
        _add_member(council, spec)
    if specs and council.members.count() < quorum:
        raise ValidationError({"quorum": _(
            "The quorum (%(quorum)s) is larger than the council (%(count)s members); add "
            "members or lower the quorum.") % {"quorum": quorum,
                                               "count": council.members.count()}})
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=council, unit=unit,
                 changes=audit.snapshot(council, ["name", "year", "session", "quorum",
                                                  "method", "pass_mark"]))
    return council


def _add_member(council: Council, spec: MemberSpec) -> CouncilMember:
    values = _member_values(council, spec)
    if values["user"] is not None and council.members.filter(user=values["user"]).exists():
        raise ValidationError({"members": _("%(name)s already sits on this council.")
                               % {"name": values["name"]}})
    if council.members.count() >= MAX_MEMBERS:
        raise ValidationError({"members": _("A council has at most %(max)s members.")
                               % {"max": MAX_MEMBERS}})
    return CouncilMember.objects.create(council=council, **values)


@transaction.atomic
def council_member_add(*, actor: User | None, council: Council, spec: MemberSpec
                       ) -> CouncilMember:
    council = Council.objects.select_for_update().get(pk=council.pk)
    ensure_officer(actor, council.unit, _officer_message())
    if not council.is_open:
        raise ValidationError(_("The council is closed; its members can no longer change."))
    member = _add_member(council, spec)
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=council,
                 unit=council.unit, changes={"members": [None, str(member)]})
    return member


@transaction.atomic
def dossier_send(*, actor: User | None, initiative: Initiative, council: Council,
                 sent_on: dt.date) -> Dossier:
    """Sends the initiative to a council: its unit's council first, a higher level's once it
    is recognised (đề nghị cấp trên công nhận)."""
    initiative = (Initiative.objects.select_for_update(of=("self",))
                  .select_related("level", "unit").get(pk=initiative.pk))
    ensure_officer(actor, initiative.unit, _(
        "Only an officer of %(unit)s or a unit above it may send its initiatives to a "
        "council."))
    if not is_above_or_self(council.unit, initiative.unit):
        raise ValidationError({"council": _(
            "The chosen council is not a council of %(unit)s or of a unit above it; send the "
            "initiative to a council of its own chain of command.") % {
            "unit": initiative.unit.name}})
    if not council.is_open:
        raise ValidationError({"council": _("%(council)s is closed; choose a council in "
                                            "session.") % {"council": council.name}})
    status = initiative.status
    if status == Initiative.Status.UNDER_REVIEW:
        raise ValidationError(_("The initiative is already before a council; wait for its "
                                "decision before sending it further."))
    if status == Initiative.Status.REFUSED:
        raise ValidationError(_("The initiative was not recognised; it cannot be sent to "
                                "another council."))
    if status == Initiative.Status.RECOGNISED and council.level.order <= initiative.level.order:
        raise ValidationError({"council": _(
            "The initiative is already recognised at the level %(level)s; it can only be "
            "proposed to the council of a higher level.") % {"level": initiative.level.phrase}})
    if sent_on is None or sent_on < initiative.registered_on:
        raise ValidationError({"sent_on": _("The date sent must be on or after the date the "
                                            "initiative was registered (%(date)s).")
                               % {"date": day_text(initiative.registered_on)}})
    not_future(sent_on, "sent_on", _("The date sent"))
    if Dossier.objects.filter(initiative=initiative, council=council).exists():
        raise ValidationError({"council": _("The initiative has already been sent to this "
                                            "council.")})
    dossier = Dossier.objects.create(initiative=initiative, council=council, sent_on=sent_on)
    initiative.status = Initiative.Status.UNDER_REVIEW
    initiative.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=initiative,
                 unit=initiative.unit, changes={"status": [status, initiative.status],
                                                "council": [None, council.name]})
    return dossier


def _points(value: object, criterion: ScoringCriterion) -> Decimal:
    try:
        points = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError):
        points = Decimal(-1)
    if not points.is_finite() or not 0 <= points <= criterion.max_points \
            or points != points.quantize(Decimal("0.1")):
        raise ValidationError({"scores": _(
            "The points for %(criterion)s must be from 0 to %(max)s (one decimal at most); "
            "%(value)s is outside that range.") % {
            "criterion": criterion.name, "max": criterion.max_points, "value": value}})
    return points


@transaction.atomic
def score_submit(*, actor: User | None, dossier: Dossier,
                 points: Mapping[ScoringCriterion | int, object],
                 member: CouncilMember | None = None) -> list[Score]:
    """The actor's own score sheet for a dossier of his council (replaces his earlier one while
    the council sits). No one else sees it before the council closes. The system (`actor`
    None: an import of the paper sheets) names the member instead."""
    dossier = (Dossier.objects.select_for_update(of=("self",)).select_related("council")
               .get(pk=dossier.pk))
    council = dossier.council
    if actor is None:
        if member is None or member.council_id != council.pk:
            raise ValidationError(_("This dossier was not sent to the member's council."))
    else:
        member = council.members.filter(user=actor).first() if actor.pk else None
    if member is None:
        if CouncilMember.objects.filter(user=actor, council__status=Council.Status.OPEN).exists():
            raise PermissionDenied(_("This dossier was not sent to your council; a member "
                                     "scores only the dossiers sent to his own council."))
        raise PermissionDenied(_("Only a member of %(council)s may score its dossiers.")
                               % {"council": council.name})
    if not council.is_open:
        raise ValidationError(_("The council is closed; scores can no longer be entered or "
                                "changed."))
    if dossier.outcome != Dossier.Outcome.PENDING:
        raise ValidationError(_("This dossier has been decided; it can no longer be scored."))
    criteria = list(ScoringCriterion.objects.filter(is_active=True).order_by("order"))
    given = {(key.pk if isinstance(key, ScoringCriterion) else int(key)): value
             for key, value in points.items()}
    unknown = set(given) - {c.pk for c in criteria}
    if unknown:
        raise ValidationError({"scores": _("Score only the criteria of the score sheet.")})
    missing = [c.name for c in criteria if given.get(c.pk) in (None, "")]
    if missing:
        raise ValidationError({"scores": _("Enter the points for every criterion: %(names)s "
                                           "are missing.") % {"names": ", ".join(missing)}})
    cleaned = {c: _points(given[c.pk], c) for c in criteria}
    Score.objects.filter(dossier=dossier, member=member).delete()
    scores = Score.objects.bulk_create([Score(dossier=dossier, member=member, criterion=c,
                                              points=p) for c, p in cleaned.items()])
    # The audit row names the sheet, not the points: they stay secret until the close.
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=dossier.initiative,
                 unit=council.unit, note=_("Score sheet of %(member)s entered.")
                 % {"member": member.name})
    return scores


def results(council: Council) -> dict[int, tuple[Decimal | None, int]]:
    """{dossier id: (result, complete sheets)} by the council's method: each member's total
    on a complete sheet, averaged or summed."""
    criteria = ScoringCriterion.objects.filter(is_active=True).count()
    totals: dict[int, dict[int, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for dossier_id, member_id, points in Score.objects.filter(dossier__council=council) \
            .values_list("dossier_id", "member_id", "points"):
        totals[dossier_id][member_id].append(points)
    found = {}
    for dossier_id in council.dossiers.values_list("pk", flat=True):
        sheets = [sum(p, Decimal(0)) for p in totals[dossier_id].values() if len(p) >= criteria]
        if not sheets:
            found[dossier_id] = (None, 0)
            continue
        total = sum(sheets, Decimal(0))
        value = total if council.method == ScoringRule.Method.SUM else total / len(sheets)
        found[dossier_id] = (value.quantize(Decimal("0.01")), len(sheets))
    return found


@transaction.atomic
def council_close(*, actor: User | None, council: Council, closed_on: dt.date | None = None,
                  minutes: str = "") -> Council:
    """Closes the session: every dossier needs the quorum's score sheets; the results are
    computed and published, passed or not against the pass mark."""
    council = Council.objects.select_for_update().get(pk=council.pk)
    ensure_officer(actor, council.unit, _officer_message())
    if not council.is_open:
        raise ValidationError(_("The council is already closed."))
    closed_on = closed_on or timezone.localdate()
    if closed_on < council.convened_on:
        raise ValidationError({"closed_on": _("The council cannot close before it met "
                                              "(%(date)s).") % {"date": day_text(
                                                  council.convened_on)}})
    not_future(closed_on, "closed_on", _("The closing date"))
    dossiers = list(council.dossiers.select_related("initiative"))
    if not dossiers:
        raise ValidationError(_("No dossier has been sent to the council; there is nothing "
                                "to close."))
    found = results(council)
    short = [d.initiative.title for d in dossiers if found[d.pk][1] < council.quorum]
    if short:
        raise ValidationError(_("The quorum of %(quorum)s complete score sheets is not reached "
                                "for: %(titles)s. Wait for the members' sheets before "
                                "closing.") % {"quorum": council.quorum,
                                               "titles": "; ".join(short[:5])})
    for dossier in dossiers:
        dossier.score = found[dossier.pk][0]
        dossier.passed = dossier.score is not None and dossier.score >= council.pass_mark
        dossier.save(update_fields=["score", "passed", "updated_at"])
    council.status = Council.Status.CLOSED
    council.closed_on = closed_on
    council.minutes = text(minutes) or council.minutes
    council.save(update_fields=["status", "closed_on", "minutes", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CLOSED, target=council, unit=council.unit,
                 changes={"status": [Council.Status.OPEN, Council.Status.CLOSED],
                          "results": [None, {d.initiative.title[:80]: str(d.score)
                                             for d in dossiers}]})
    return council
