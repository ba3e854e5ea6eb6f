"""`/health/` for load balancers and monitoring: the database and the file storage answer, or 503."""

import logging
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _storage_ok() -> bool:
    # Write, read back and delete a small file: stored PDFs and uploads need exactly that (disk or object store).
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as stored:
            return stored.read() == b"ok"
    finally:
        default_storage.delete(name)


CHECKS = {"database": _database_ok, "storage": _storage_ok}


@never_cache
@require_GET
def health(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = "ok" if check() else "fout"
        except Exception:  # a failing dependency is the answer, not a crash: report it and log why
            logger.exception("health check %s failed", name)
            results[name] = "fout"
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse({"status": "ok" if healthy else "fout", **results}, status=200 if healthy else 503)
