"""The `--mapping FILE.json` option every import command takes (CONTRACT §5): the file's mapping, or else the
school's saved mapping for that kind of file."""

from npo_planner.lib.column_mapping import Mapping
from npo_planner.scholen.models import School
from npo_planner.scholen.selectors import import_mapping_for

HELP = (
    'JSON-bestand dat kolommen en woorden koppelt: {"columns": {"kolom": "veld"}, "values": {"woord": "waarde"}}; '
    "zonder deze optie geldt de koppeling die de school heeft bewaard"
)


def add_mapping_argument(parser) -> None:
    parser.add_argument("--mapping", help=HELP)


def command_mapping(*, school: School, kind: str, path: str | None) -> Mapping:
    """The mapping of `--mapping` (raises ImportErrors in Dutch when the file is bad), else the saved one."""
    if path:
        return Mapping.from_file(path)
    return import_mapping_for(school=school, kind=kind)
