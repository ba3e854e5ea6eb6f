"""Kinds of background work, registered by the apps that own them (so this bottom layer imports no app above it).

A handler is `handler(job, progress) -> (filename, bytes) | None`: it does the work, calls `progress(done, total)` as
it goes, and returns the file the user downloads (None: no file, e.g. an import). It raises on failure; the runner
records the error and re-raises. An `ImportErrors` it raises is the user's file refused: the job fails with the
file's errors as its message (`params["refused"]`), which a retry would only repeat.

A school user's file is downloaded from the job's page (npo_planner.jobs.school_views). `on_download(request, job)`,
when given, runs before the file goes out: it checks that the user may still have it (raising Http404 or
PermissionDenied, e.g. a leerkracht no longer in the group) and records the download; without it the download is
recorded as an export under the kind's label.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class JobKind:
    label: str
    handler: Callable
    on_download: Callable | None = None


_kinds: dict[str, JobKind] = {}


def register(kind: str, *, label: str, handler: Callable, on_download: Callable | None = None) -> None:
    _kinds[kind] = JobKind(label=label, handler=handler, on_download=on_download)


def kind(name: str) -> JobKind:
    return _kinds[name]
