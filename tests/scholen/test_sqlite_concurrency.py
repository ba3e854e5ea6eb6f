"""Issue 13: on SQLite (the zero-setup database) two people saving at the same moment both succeed; the second
waits for the first instead of failing with "database is locked"."""

import contextlib
import sqlite3
import threading

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.utils import ConnectionHandler


def _two_simultaneous_saves(path, options):
    """Two threads, each in a transaction as `transaction.atomic()` opens it on SQLite, read the counter and then
    write it, the second reading before the first has written. Returns the errors and the final counter."""
    setup = sqlite3.connect(path)
    if "journal_mode=WAL" in options.get("init_command", ""):
        # As after the database's first connection (migrate): WAL is kept in the file. Switching a fresh file to
        # WAL from two connections at the same instant is a race of this test's setup, not of two users saving.
        setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE counter (n INTEGER)")
    setup.execute("INSERT INTO counter VALUES (0)")
    setup.commit()
    setup.close()
    both_read = threading.Barrier(2, timeout=3)
    errors = []

    def save(delay_write):
        connection = ConnectionHandler(
            {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": dict(options)}}
        )["default"]
        try:
            connection.ensure_connection()
            connection._start_transaction_under_autocommit()  # what atomic() does on SQLite
            with connection.cursor() as cursor:
                cursor.execute("SELECT n FROM counter")
                (n,) = cursor.fetchone()
                # Both have read before either writes. With BEGIN IMMEDIATE the second is still waiting at its
                # start, so the barrier breaks after a few seconds and the first goes on alone.
                with contextlib.suppress(threading.BrokenBarrierError):
                    both_read.wait()
                if delay_write:
                    threading.Event().wait(0.3)
                cursor.execute("UPDATE counter SET n = %s", [n + 1])
            connection.commit()
        except OperationalError as error:
            errors.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(delay,)) for delay in (False, True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    check = sqlite3.connect(path)
    (n,) = check.execute("SELECT n FROM counter").fetchone()
    check.close()
    return errors, n


def test_two_simultaneous_saves_wait_for_each_other(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():
        errors, n = _two_simultaneous_saves(tmp_path / "db.sqlite3", settings.SQLITE_OPTIONS)
    assert errors == []
    assert n == 2  # no lost update either: the second read after the first had committed


def test_without_those_options_the_second_save_failed(tmp_path, django_db_blocker):
    """The situation of issue 13, kept as a check that the test above exercises it."""
    with django_db_blocker.unblock():
        errors, _n = _two_simultaneous_saves(tmp_path / "db.sqlite3", {})
    assert errors and "database is locked" in errors[0], (errors, _n)


@pytest.mark.skipif(not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"), reason="SQLite only")
def test_the_sqlite_database_runs_in_wal_mode_with_a_busy_timeout():
    assert settings.DATABASES["default"]["OPTIONS"] == settings.SQLITE_OPTIONS
