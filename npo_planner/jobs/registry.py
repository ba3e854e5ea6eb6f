"""Kinds of background work, registered by the apps that own them (so this bottom layer imports no app above it).

A handler is `handler(job, progress) -> (filename, bytes) | None`: it does the work, calls `progress(done, total)` as
it goes, and returns the file the user downloads (None: no file, e.g. an import). It raises on failure; the runner
records the error and re-raises. An `ImportErrors` it raises is the user's file refused: the job fails with the
file's errors as its message (`params["refused"]`), which a retry would only repeat.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class JobKind:
    label: str
    handler: Callable


_kinds: dict[str, JobKind] = {}


def register(kind: str, *, label: str, handler: Callable) -> None:
    _kinds[kind] = JobKind(label=label, handler=handler)


def kind(name: str) -> JobKind:
    return _kinds[name]
