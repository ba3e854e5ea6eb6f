"""A checked file's Plan kept beside its pending upload, so a file is parsed once for the preview and the confirm.

The Plan holds what the file says and how it compares with the school's data at the time of the preview (new pupils,
what a replace removes). The confirm uses it as it is while the school's data are still in that state; when anything
it was compared with changed in between (another import, a pupil added or removed, an instrument edited), the file
is checked again. The stored bytes are signed with the site's secret: only a Plan this code stored is ever loaded.
"""

import hashlib
import pickle

from django.db.models import Count, Max
from django.utils.crypto import constant_time_compare, salted_hmac

from kanvas.importers import Plan
from kanvas.models import ImportRecord, Item, Moment, Participation
from npo_planner.scholen.models import Enrollment, Group, Pupil, School

SALT = "kanvas.plan_store"
SIGNATURE_LENGTH = 64  # hex of HMAC-SHA256


def _signature(body: bytes) -> bytes:
    return salted_hmac(SALT, body, algorithm="sha256").hexdigest().encode()


def plan_dump(plan: Plan) -> bytes:
    body = pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL)
    return _signature(body) + body


def plan_load(blob) -> Plan | None:
    """The stored Plan, or None when nothing (or nothing this site signed) is stored."""
    blob = bytes(blob or b"")
    signature, body = blob[:SIGNATURE_LENGTH], blob[SIGNATURE_LENGTH:]
    if not body or not constant_time_compare(signature, _signature(body)):
        return None
    return pickle.loads(body)  # noqa: S301 - signed above with the site's secret: written by plan_dump only


def school_state(school: School) -> str:
    """A digest of everything a Plan's comparison with the school reads: its pupils, groups, enrollments, moments,
    participations and imports (count and highest id each: an insert or a delete changes it), and the instruments'
    items. Seven aggregate queries, whatever the size of the data."""
    parts = []
    for queryset in (
        Pupil.objects.filter(school=school),
        Group.objects.filter(school=school),
        Enrollment.objects.filter(group__school=school),
        Moment.objects.filter(school=school),
        Participation.objects.filter(moment__school=school),
        ImportRecord.objects.filter(school=school),
        Item.objects.all(),
    ):
        figures = queryset.aggregate(n=Count("id"), last=Max("id"))
        parts.append(f"{figures['n']}:{figures['last']}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()
