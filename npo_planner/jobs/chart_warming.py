"""Charts drawn when their data change, not by the first visitor (issue 21 item 4).

An app that changes figures calls `redraw_after_commit(task, object_id)` with its own task that draws the charts
the change affects into the shared chart cache (npo_planner.lib.charts.cached_chart): the first visitor after a
change or a restart then finds them there. The task is enqueued once the change is committed, and not again while
the same task for the same object still waits in the queue (a hundred paper forms typed in a row draw the charts
once or twice, not a hundred times)."""

from django.db import transaction
from django_tasks import TaskResultStatus
from django_tasks.base import DEFAULT_TASK_PRIORITY
from django_tasks_db.models import DBTaskResult

# Warming is done for a visitor who may come; a job (a PDF, an import) has a user waiting for it. The worker takes
# the queue by priority, so a job enqueued behind a school's warming starts as soon as the running task ends; the
# costliest warming (a chart per measured pupil) comes after every other chart.
WARMING_PRIORITY = DEFAULT_TASK_PRIORITY - 10
PUPIL_WARMING_PRIORITY = DEFAULT_TASK_PRIORITY - 20


def waiting(task, object_id) -> bool:
    """Whether this task for this object is in the queue and not started yet."""
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY,
        task_path=task.module_path,
        args_kwargs={"args": [object_id], "kwargs": {}},
    ).exists()


def redraw_after_commit(task, object_id) -> None:
    def enqueue():
        if not waiting(task, object_id):
            task.enqueue(object_id)

    transaction.on_commit(enqueue)
