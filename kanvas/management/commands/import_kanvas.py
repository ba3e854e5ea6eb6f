from kanvas.management.commands._kanvas_import import ImportCommand
from kanvas.models import ImportKind


class Command(ImportCommand):
    help = "Leest KanVAS-antwoorden in (CONTRACT §3)."
    kind = ImportKind.ANSWERS
