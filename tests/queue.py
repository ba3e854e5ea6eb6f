"""Work off the background queue in a test, as the worker process does in production (`manage.py worker`: this
`db_worker` at a lower CPU priority, which a test process could not undo)."""

from unittest import mock

from django.core.management import call_command


def work_off_the_queue():
    """Run the worker until the queue is empty. The worker closes connections between tasks as a request would;
    inside the test's transaction that would close the test's own connection, so here it keeps it."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
