"""The scan's PDF, stored for an established scan: made once per form (full or aggregate) and served again.
A concept is live (its sections and KanVAS figures change): rendered fresh each time, never stored. Rendering is
slow (seconds): a request does not call `scan_pdf` for a PDF not yet stored; a background job does
(`scan_pdf_job`)."""

import hashlib

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from schoolscan import selectors
from schoolscan.models import Scan, ScanExport, Status
from schoolscan.pdf import render_scan_pdf

JOB_KIND = "scan_pdf"
JOB_LABEL = _("PDF van de schoolscan")


def filename_for(scan: Scan) -> str:
    return f"schoolscan-{scan.school.brin}-{scan.school_year.label}-v{scan.number}.pdf"


def stored_scan_pdf(*, scan: Scan, aggregate: bool) -> ScanExport | None:
    if scan.status != Status.VASTGESTELD:
        return None
    return ScanExport.objects.filter(scan=scan, aggregate=aggregate).order_by("-created_at", "-id").first()


@transaction.atomic
def scan_pdf(*, scan: Scan, aggregate: bool, user) -> tuple[str, bytes]:
    """(filename, PDF bytes): the stored PDF of an established scan, else rendered now (and kept when
    established)."""
    stored = stored_scan_pdf(scan=scan, aggregate=aggregate)
    if stored is not None:
        return stored.filename, bytes(stored.pdf)
    pdf = render_scan_pdf(scan=scan, aggregate=aggregate)
    filename = filename_for(scan)
    if scan.status == Status.VASTGESTELD:
        export = ScanExport(
            scan=scan,
            aggregate=aggregate,
            created_by=user if getattr(user, "is_authenticated", False) else None,
            filename=filename,
            pdf=pdf,
            size=len(pdf),
            sha256=hashlib.sha256(pdf).hexdigest(),
        )
        export.full_clean(exclude=["pdf"])
        export.save()
    return filename, pdf


def job_params(*, scan: Scan, aggregate: bool) -> dict:
    return {"scan": scan.pk, "aggregate": aggregate}


def scan_pdf_job(job, progress) -> tuple[str, bytes]:
    """The job kind's handler: the scan of the job's school, as asked."""
    scan = selectors.scan_with_content_by_id(school=job.school, scan_id=job.params["scan"])
    progress(0, 1)
    result = scan_pdf(scan=scan, aggregate=job.params["aggregate"], user=job.created_by)
    progress(1, 1)
    return result
