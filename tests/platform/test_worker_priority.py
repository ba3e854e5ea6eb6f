"""The background worker (`manage.py worker`) runs at a lower CPU priority than the web workers, and the PDF
processes it forks inherit it, so pages keep their speed while it renders PDFs or writes an import."""

import os
import subprocess
import sys
from unittest import mock

import pytest
from django.core.management import call_command

from npo_planner.jobs.management.commands import worker
from tests.platform.serving import ROOT


@pytest.mark.django_db
def test_the_worker_command_lowers_its_priority_to_the_setting_before_it_works(settings):
    settings.WORKER_NICE = 7
    # Mocked: the real call cannot be undone in the test process (raising priority again needs root).
    with (
        mock.patch.object(worker.os, "getpriority", return_value=0),
        mock.patch.object(worker.os, "setpriority") as setpriority,
        mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"),
    ):
        call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    setpriority.assert_called_once_with(os.PRIO_PROCESS, 0, 7)


def _python(code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "npo_planner.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_lower_priority_is_real_never_raises_priority_and_forked_pdf_processes_inherit_it():
    done = _python(
        "import django, multiprocessing, os; django.setup()\n"
        "from concurrent.futures import ProcessPoolExecutor\n"
        "from npo_planner.jobs.management.commands.worker import lower_priority\n"
        "print(lower_priority(7), lower_priority(3))\n"
        "# as pdf_render.render_many forks its PDF processes\n"
        "with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context('fork')) as pool:\n"
        "    print(*pool.map(os.getpriority, [os.PRIO_PROCESS] * 2, [0, 0]))\n"
    )
    assert done.returncode == 0, done.stderr
    own = os.getpriority(os.PRIO_PROCESS, 0)
    expected = max(own, 7)
    assert done.stdout.split() == [str(expected)] * 4


def test_a_niceness_out_of_range_stops_the_start():
    done = _python("import npo_planner.settings", NPO_WORKER_NICE="20")
    assert done.returncode != 0
    assert "NPO_WORKER_NICE must be between 0 and 19" in done.stderr
