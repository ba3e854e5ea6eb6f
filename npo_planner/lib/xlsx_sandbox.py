"""Reading an untrusted .xlsx file in a child process that may crash without taking the web worker down.

calamine (Rust) allocates the whole used range of a sheet up front: a 1.6 KB file whose only cell is XFD1048576
asks for hundreds of GiB and aborts the process, with no Python exception to catch. `tabular.py` checks the
sheet's references before reading, and reads it here, in a fresh interpreter with a bounded address space and CPU
time: an abort, a MemoryError or a timeout ends only the child, and the parent turns it into a Dutch refusal.

Run as a script (`python -I xlsx_sandbox.py`): the workbook's bytes on stdin, the first sheet's cells as text on
stdout as JSON (a list of rows of strings). The module imports nothing of Django, so the child starts quickly.
"""

import io
import json
import logging
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

MEMORY_LIMIT = 3 * 1024**3  # address space of the child; a legitimate 20 MB workbook needs about a third
CPU_SECONDS = 120
WALL_SECONDS = 180
MAX_CELLS = 20_000_000  # rows × columns of the sheet's range: 500,000 rows of 40 columns
EXIT_DAMAGED = 3  # calamine refused the workbook with an ordinary error
EXIT_TOO_LARGE = 4  # the sheet's range has more than MAX_CELLS cells

logger = logging.getLogger(__name__)


@dataclass
class SandboxResult:
    rows: list[list[str]] | None  # None when the workbook could not be read
    damaged: bool = False  # calamine reported an error (as opposed to a crash, memory exhaustion or timeout)
    size: tuple[int, int] | None = None  # (rows, columns) of a range of more than MAX_CELLS cells


def read_first_sheet(data: bytes) -> SandboxResult:
    """The first sheet's cells as text, read in a child process under MEMORY_LIMIT and CPU_SECONDS."""
    try:
        completed = subprocess.run(  # noqa: S603 - our own script, bytes on stdin only
            [sys.executable, "-I", str(Path(__file__).resolve())],
            input=data,
            capture_output=True,
            timeout=WALL_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        logger.warning("xlsx reader: no result after %s s; the child was stopped", WALL_SECONDS)
        return SandboxResult(rows=None)
    if completed.returncode == EXIT_DAMAGED:
        return SandboxResult(rows=None, damaged=True)
    if completed.returncode == EXIT_TOO_LARGE:
        return SandboxResult(rows=None, size=tuple(json.loads(completed.stdout)))
    if completed.returncode != 0:
        logger.warning(
            "xlsx reader: the child ended with code %s: %s",
            completed.returncode,
            completed.stderr[-2000:].decode("utf-8", errors="replace"),
        )
        return SandboxResult(rows=None)
    return SandboxResult(rows=json.loads(completed.stdout))


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _limit_resources() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _main() -> int:
    _limit_resources()  # before the untrusted bytes are touched
    data = sys.stdin.buffer.read()
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    except MemoryError:
        raise
    except Exception:  # calamine raises several kinds for a damaged workbook; the parent says "beschadigd"
        return EXIT_DAMAGED
    # The range starts at A1 (skip_empty_area=False below), so row numbers are the spreadsheet's.
    height, width = (sheet.end[0] + 1, sheet.end[1] + 1) if sheet.end else (0, 0)
    if height * width > MAX_CELLS:
        sys.stdout.write(json.dumps([height, width]))
        return EXIT_TOO_LARGE
    rows = sheet.to_python(skip_empty_area=False)
    text = json.dumps([[cell_text(value) for value in row] for row in rows], ensure_ascii=False)
    sys.stdout.buffer.write(text.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(_main())
