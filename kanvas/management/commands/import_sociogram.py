from kanvas.management.commands._kanvas_import import ImportCommand
from kanvas.models import ImportKind


class Command(ImportCommand):
    help = "Leest sociogramkeuzes in (CONTRACT §4)."
    kind = ImportKind.SOCIOGRAM
