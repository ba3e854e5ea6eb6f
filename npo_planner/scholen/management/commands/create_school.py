from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

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
        verb = "aangemaakt" if created else "bestond al"
        self.stdout.write(f"School {school.brin} ({school.name}) {verb}, bestuur {school.board}.")
