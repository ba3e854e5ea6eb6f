"""Issue 12: login records hold network addresses; they are deleted after LOGIN_RECORD_RETENTION_DAYS."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from npo_planner.scholen.models import AuthEvent


def _event(username, days_ago):
    event = AuthEvent.objects.create(username=username, kind=AuthEvent.Kind.LOGIN, ip="192.0.2.7")
    AuthEvent.objects.filter(pk=event.pk).update(at=timezone.now() - datetime.timedelta(days=days_ago))
    return event


def test_login_records_older_than_the_retention_period_are_deleted(db, settings):
    settings.LOGIN_RECORD_RETENTION_DAYS = 180
    old, edge, recent = _event("a", 181), _event("b", 179), _event("c", 0)
    out = io.StringIO()
    call_command("purge_login_records", stdout=out)
    assert set(AuthEvent.objects.values_list("pk", flat=True)) == {edge.pk, recent.pk}
    assert not AuthEvent.objects.filter(pk=old.pk).exists()
    assert "1 inlogregel(s) verwijderd" in out.getvalue()


def test_dry_run_deletes_nothing(db, settings):
    settings.LOGIN_RECORD_RETENTION_DAYS = 30
    _event("a", 31)
    out = io.StringIO()
    call_command("purge_login_records", "--dry-run", stdout=out)
    assert AuthEvent.objects.count() == 1
    assert "1 inlogregel(s) zou verwijderen" in out.getvalue()
