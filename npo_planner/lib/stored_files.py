"""Files the product keeps for a while in Django's default storage (local disk under MEDIA_ROOT, or S3 when
configured: settings.STORAGES), named by a row that points at them: an upload between preview and confirm, a
background job's result. Never under a guessable name, never served directly.

A row and its files go together: `delete_with_files` removes each row's files before the row, so a storage that
fails raises and leaves the row (and what is left of its files) for the next attempt, never a file without a row
that would name it.
"""

import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


def file_store(folder: str, data: bytes) -> str:
    """Keep `data` under `folder` with an unguessable name; returns its path in the default storage."""
    return default_storage.save(f"{folder}/{secrets.token_hex(16)}", ContentFile(data))


def file_read(path: str) -> bytes | None:
    """The stored file's bytes, or None when there is no such file (removed, or a row restored elsewhere)."""
    if not path or not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as stored:
        return stored.read()


def delete_with_files(queryset, fields: list[str]) -> int:
    """Delete the rows of `queryset`, each after the files its `fields` name; returns the number of rows."""
    removed = 0
    for pk, *paths in queryset.values_list("pk", *fields).iterator():
        for path in paths:
            if path:
                default_storage.delete(path)
        removed += queryset.model.objects.filter(pk=pk).delete()[0]
    return removed
