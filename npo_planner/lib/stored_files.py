"""Files the product keeps for a while in Django's default storage (local disk under MEDIA_ROOT, or S3 when
configured: settings.STORAGES), named by a row that points at them: an upload between preview and confirm, a
background job's result. Never under a guessable name, never served directly.

A row and its files go together, however the row goes (its own delete, a cascade from its school or user, the
admin): a model registers the fields that name its files (`register_file_fields`), and once a deletion of such a
row is committed its files are deleted from the storage. A deletion that is rolled back keeps them; a storage that
fails raises (after the commit) rather than being ignored.

A file left behind all the same (the storage failed at that moment, or the process died between commit and delete)
is named by no row: the nightly clean-up removes it from the registered folders once it is older than
`ORPHAN_MARGIN` (`orphan_files_delete`).
"""

import datetime
import secrets
from collections.abc import Iterator
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


# model -> (fields naming its files, the folder they are stored under): `register_file_fields`.
_registered: dict[type[models.Model], tuple[list[str], str]] = {}

# A file no row names is removed only after this long: its row may not be committed yet (a preview being saved, a
# job finishing), and a file is stored before the row that names it.
ORPHAN_MARGIN = datetime.timedelta(days=1)


def register_file_fields(model: type[models.Model], fields: list[str], *, folder: str) -> None:
    """The `fields` of `model` name files in the default storage, stored under `folder`: they are deleted when a
    deletion of the row commits (a post_delete receiver, so cascades and bulk deletes included), and a file under
    `folder` that no registered row names is removed by the clean-up (`orphan_files_delete`)."""
    if not folder.strip("/"):
        raise ValueError("stored files need a folder of their own, not the storage's root")
    _registered[model] = (list(fields), folder.strip("/"))
    post_delete.connect(
        partial(_row_deleted, fields=list(fields)),
        sender=model,
        weak=False,
        dispatch_uid=f"stored_files:{model._meta.label}",
    )


def _named_paths() -> set[str]:
    """Every path a registered row names (one query per registered model)."""
    named: set[str] = set()
    for model, (fields, _folder) in _registered.items():
        for values in model._default_manager.values_list(*fields).iterator():
            named.update(value for value in values if value)
    return named


def _folders() -> list[str]:
    """The registered folders, a folder inside another one left out (walked with it)."""
    folders = {folder for _fields, folder in _registered.values()}
    return sorted(f for f in folders if not any(f.startswith(f"{other}/") for other in folders))


def _files_under(folder: str, *, top: bool = False) -> Iterator[str]:
    try:
        directories, files = default_storage.listdir(folder)
    except FileNotFoundError:
        if not top:
            raise
        return  # nothing stored there yet (a local disk; an object storage lists an empty folder)
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _files_under(f"{folder}/{directory}")


def orphan_files_delete(*, now: datetime.datetime, dry_run: bool = False) -> int:
    """Delete the files under the registered folders that no registered row names and that were last modified
    more than ORPHAN_MARGIN before `now`; returns how many (with `dry_run`, how many would go). Only the Storage
    API, so local disk and S3 alike; a storage error raises."""
    named = _named_paths()  # read before listing: a file stored after this is younger than the margin
    cutoff = now - ORPHAN_MARGIN
    orphans = [
        path
        for folder in _folders()
        for path in _files_under(folder, top=True)
        if path not in named and default_storage.get_modified_time(path) < cutoff
    ]
    if not dry_run:
        files_delete(orphans)
    return len(orphans)
