"""Row-numbered import errors in the form CONTRACT §1 prescribes: `rij N, kolom X: waarde 'V': <uitleg>`."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MAX_LISTED = 100


@dataclass(frozen=True)
class ImportIssue:
    row: int | None  # spreadsheet row: the header is row 1
    column: str | None
    value: str | None
    message: str

    def __str__(self):
        parts = []
        if self.row:
            parts.append(_("rij %(row)s") % {"row": self.row})
        if self.column:
            parts.append(_("kolom %(column)s") % {"column": self.column})
        location = ", ".join(parts)
        if self.value is not None:
            shown = self.value if len(self.value) <= 40 else self.value[:37] + "..."
            value = _("waarde '%(value)s'") % {"value": shown}
            location = f"{location}: {value}" if location else value
        return f"{location}: {self.message}" if location else str(self.message)


@dataclass
class ImportErrors(Exception):
    """Collects every error of a file; raise it once validation is done. Lists at most MAX_LISTED."""

    issues: list[ImportIssue] = field(default_factory=list)
    total: int = 0

    def add(
        self, message: str, *, row: int | None = None, column: str | None = None, value: str | None = None
    ):
        self.total += 1
        if len(self.issues) < MAX_LISTED:
            self.issues.append(ImportIssue(row=row, column=column, value=value, message=message))

    def __bool__(self):
        return self.total > 0

    @property
    def full(self) -> bool:
        return len(self.issues) >= MAX_LISTED

    def messages(self) -> list[str]:
        lines = [str(issue) for issue in self.issues]
        if self.total > len(self.issues):
            lines.append(
                _("… en nog %(n)s fouten. Herstel deze eerst en probeer het opnieuw.")
                % {"n": self.total - len(self.issues)}
            )
        return lines

    def raise_if_any(self):
        if self:
            raise self

    def __str__(self):
        return "\n".join(self.messages())
