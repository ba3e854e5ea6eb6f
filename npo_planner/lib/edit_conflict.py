"""Two people editing the same thing never silently overwrite each other: optimistic locking on a `version` field.

A form carries the version of the row it was opened with. The service that saves it locks the row, compares the
version (`lock_for_edit`), and raises it by one, so a second form opened on the same version is refused with a
Dutch message (`EditConflict`, a ValidationError: views show it like any other error). The admin checks field by
field (`npo_planner.lib.guarded_admin`) and refuses with the same exception.

    row = lock_for_edit(Agreement.objects.filter(pk=agreement.pk), seen=version)           # lock, check, bump
    row = lock_for_edit(Programme.objects.filter(pk=pk), seen=version, bump=False)           # bump later, only
    ...                                                                                     # when something
    bump_version(row)                                                                       # really changes
"""

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import F, Model, QuerySet
from django.utils.translation import gettext as _

VERSION_FIELD = "version"
M = TypeVar("M", bound=Model)


class EditConflict(ValidationError):
    """Someone else saved the thing after the user opened it; nothing of this edit is written."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or _(
                "Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw en voer uw wijziging nog eens in."
            ),
            code="edit_conflict",
        )


def check_version(row: Model, *, seen: int | None, message: str | None = None) -> None:
    """Refuse (EditConflict) when the row's version is not the one the user opened (`seen`; None: not checked).
    The row must be locked (or new) for the answer to hold until the transaction ends."""
    if seen is not None and getattr(row, VERSION_FIELD) != seen:
        raise EditConflict(message)


def bump_version(row: Model) -> None:
    """Raise the stored version by one (and the row's own), so every form opened before this edit is refused."""
    type(row)._base_manager.filter(pk=row.pk).update(**{VERSION_FIELD: F(VERSION_FIELD) + 1})
    setattr(row, VERSION_FIELD, getattr(row, VERSION_FIELD) + 1)


def lock_for_edit(
    queryset: QuerySet[M], *, seen: int | None, message: str | None = None, bump: bool = True
) -> M:
    """Lock the one row of `queryset` for this transaction, refuse (EditConflict) when its version is no longer
    `seen`, and raise the version (unless `bump=False`: then call `bump_version` once the edit turns out to change
    something). Returns the fresh row. Call inside `transaction.atomic`."""
    row = queryset.select_for_update(of=("self",)).get()
    check_version(row, seen=seen, message=message)
    if bump:
        bump_version(row)
    return row
