"""Files the product keeps for a while in Django's default storage (local disk under MEDIA_ROOT, or S3 when
configured: settings.STORAGES), named by a row that points at them: an upload between preview and confirm, a
background job's result. Never under a guessable name, never served directly.

A row and its files go together, however the row goes (its own delete, a cascade from its school or user, the
admin): a model registers the fields that name its files (`register_file_fields`), and once a deletion of such a
row is committed its files are deleted from the storage. A deletion that is rolled back keeps them; a storage that
fails raises (after the commit) rather than being ignored.
"""

import secrets
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.http import FileResponse, Http404


def file_store(folder: str, data: bytes) -> str:
    """Keep `data` under `folder` with an unguessable name; returns its path in the default storage."""
    return default_storage.save(f"{folder}/{secrets.token_hex(16)}", ContentFile(data))


def file_read(path: str) -> bytes | None:
    """The stored file's bytes, or None when there is no such file (removed, or a row restored elsewhere)."""
    if not path or not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as stored:
        return stored.read()


def file_download(path: str, filename: str) -> FileResponse:
    """The stored file as a download; 404 when it is gone (a job's row restored from a backup after its school was
    deleted here: the file went with the deletion)."""
    if not path or not default_storage.exists(path):
        raise Http404
    response = FileResponse(default_storage.open(path), as_attachment=True, filename=filename)
    response["Cache-Control"] = "no-store"
    return response


def files_delete(paths: list[str]) -> None:
    for path in paths:
        default_storage.delete(path)


def _row_deleted(sender, instance, using, *, fields: list[str], **kwargs) -> None:
    paths = [getattr(instance, field) for field in fields if getattr(instance, field)]
    if paths:
        transaction.on_commit(partial(files_delete, paths), using=using)


def register_file_fields(model: type[models.Model], fields: list[str]) -> None:
    """The `fields` of `model` name files in the default storage: they are deleted when a deletion of the row
    commits (a post_delete receiver, so cascades and bulk deletes included)."""
    post_delete.connect(
        partial(_row_deleted, fields=list(fields)),
        sender=model,
        weak=False,
        dispatch_uid=f"stored_files:{model._meta.label}",
    )
