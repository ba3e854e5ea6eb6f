"""`manage.py worker`: the background worker (django-tasks' `db_worker`, same options) at a lower CPU priority than
the web workers, so pages keep their speed while it renders PDFs or writes an import."""

import logging
import os

from django.conf import settings
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger(__name__)


def lower_priority(niceness: int) -> int:
    """Raise this process's niceness to `niceness` (never lower it: that would need root); returns the niceness
    it has now. Called before any thread or child exists: on Linux a thread and a forked process inherit it."""
    if os.getpriority(os.PRIO_PROCESS, 0) < niceness:
        os.setpriority(os.PRIO_PROCESS, 0, niceness)
    return os.getpriority(os.PRIO_PROCESS, 0)


class Command(db_worker.Command):
    help = (
        "Voert de achtergrondtaken uit (zoals db_worker) met een lagere CPU-prioriteit dan de webserver "
        "(NPO_WORKER_NICE), zodat de pagina's snel blijven."
    )

    def handle(self, *args, **options):
        niceness = lower_priority(settings.WORKER_NICE)
        logger.info("background worker at niceness %s", niceness)
        super().handle(*args, **options)
