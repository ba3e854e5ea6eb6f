from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from npo_planner.scholen.services import school_create


class Command(BaseCommand):
    help = "Maakt een school aan (en het bestuur als dat nog niet bestaat); kan vaker draaien."

    def add_arguments(self, parser):
        parser.add_argument("--brin", required=True, help="BRIN van de school, bijv. 12AB")
        parser.add_argument("--name", required=True, help="naam van de school")
        parser.add_argument("--board", required=True, help="naam van het bestuur")

    def handle(self, *args, brin, name, board, **options):
        try:
            school, created = school_create(
                brin=brin.strip().upper(), name=name.strip(), board_name=board.strip()
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        if created:
            text = _("School %(brin)s (%(name)s) aangemaakt, bestuur %(board)s.")
        else:
            text = _("School %(brin)s (%(name)s) bestond al, bestuur %(board)s.")
        self.stdout.write(text % {"brin": school.brin, "name": school.name, "board": school.board})
