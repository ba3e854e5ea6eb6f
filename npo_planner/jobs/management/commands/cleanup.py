from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from npo_planner.jobs.cleanup import cleanup


class Command(BaseCommand):
    help = (
        "Ruimt op wat anders blijft groeien: verlopen sessies, inlogregels en regels in het inzagelog na hun "
        "bewaartermijn, uploads die na een dag nog niet bevestigd zijn, en afgeronde achtergrondtaken met hun "
        "bestanden (na JOB_RESULT_DAYS dagen), en opgeslagen bestanden die na een dag door geen enkele regel meer "
        "genoemd worden. Bedoeld om dagelijks te plannen (cron/systemd-timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="alleen tonen wat er weg zou gaan")
        parser.add_argument(
            "--job-days",
            type=int,
            default=None,
            help="afgeronde achtergrondtaken ouder dan dit aantal dagen verwijderen (standaard JOB_RESULT_DAYS)",
        )

    def handle(self, *args, dry_run, job_days, **options):
        days = settings.JOB_RESULT_DAYS if job_days is None else job_days
        if days < 1:
            raise CommandError(_("--job-days moet minstens 1 zijn (nu %(days)s).") % {"days": days})
        for removed in cleanup(job_days=days, dry_run=dry_run):
            text = _("%(n)s %(what)s zou verwijderen.") if dry_run else _("%(n)s %(what)s verwijderd.")
            self.stdout.write(text % {"n": removed.count, "what": removed.what})
        # The task queue's own records of finished tasks (django-tasks' database backend), after as many days.
        call_command(
            "prune_db_task_results",
            "--min-age-days",
            str(days),
            *(["--dry-run"] if dry_run else []),
            stdout=self.stdout,
        )
