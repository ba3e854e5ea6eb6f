"""A piece of slow work a user started (a batch of PDFs, a large import): its progress, its result, its error.

A job belongs to a board (its members see it), a school (its management sees it) or neither: work an administrator
started for every school (scoring KanVAS answers again after an instrument change), seen in the admin."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from npo_planner.scholen.models import Board, School

RESULT_FOLDER = "jobs"  # a job's result file in the default storage: RESULT_FOLDER/<job id>/<file name>


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "wachtend", _("wacht op zijn beurt")
        RUNNING = "bezig", _("bezig")
        DONE = "klaar", _("klaar")
        FAILED = "mislukt", _("mislukt")

    # Not sequential: a job's address says nothing about other users' jobs.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("soort"), max_length=40)
    board = models.ForeignKey(Board, on_delete=models.CASCADE, null=True, blank=True, related_name="jobs")
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True, related_name="jobs")
    params = models.JSONField(_("gegevens"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("gestart op"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    result_path = models.CharField(max_length=300, blank=True)  # under RESULT_FOLDER in the default storage
    result_filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(_("fout"), blank=True)

    class Meta:
        verbose_name = _("achtergrondtaak")
        verbose_name_plural = _("achtergrondtaken")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} {self.created_at:%d-%m-%Y %H:%M}"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
