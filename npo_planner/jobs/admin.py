"""Background jobs in the admin: what runs, how far it is, why one failed; a failed job can be run again."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from npo_planner.jobs.models import Job
from npo_planner.jobs.services import retry_job
from npo_planner.scholen.guarded_admin import GuardedModelAdmin, ViewOnly


@admin.register(Job)
class JobAdmin(ViewOnly, GuardedModelAdmin):
    list_display = ["kind", "school", "board", "status", "done", "total", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    readonly_fields = [f.name for f in Job._meta.fields]
    actions = ["retry"]

    @admin.action(description=_lazy("Mislukte taken opnieuw proberen"))
    def retry(self, request, queryset):
        failed = list(queryset.filter(status=Job.Status.FAILED))
        for job in failed:
            retry_job(job=job)
        self.message_user(
            request,
            _("%(n)s mislukte taak/taken staan weer in de wachtrij.") % {"n": len(failed)},
            messages.INFO,
        )
