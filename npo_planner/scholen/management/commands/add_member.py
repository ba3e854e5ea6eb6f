import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from npo_planner.scholen.models import School
from npo_planner.scholen.roles import Role
from npo_planner.scholen.services import membership_grant, user_get_or_create


class Command(BaseCommand):
    help = (
        "Maakt een gebruiker aan als die nog niet bestaat en geeft een rol in een school. Het wachtwoord komt uit "
        "NPO_PASSWORD, anders wordt ernaar gevraagd."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="BRIN van de school")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--username", required=True)
        parser.add_argument("--groups", default="", help="groepen van een leerkracht, bijv. 5a,6b")

    def handle(self, *args, school, role, username, groups, **options):
        school_obj = School.objects.filter(brin=school.strip().upper()).first()
        if school_obj is None:
            raise CommandError(
                _("School %(brin)s bestaat niet. Maak haar eerst aan met create_school.") % {"brin": school}
            )
        group_names = [g.strip() for g in groups.split(",") if g.strip()]
        try:
            with transaction.atomic():
                user, created = user_get_or_create(
                    username=username, password=self._password_if_new(username)
                )
                membership_grant(user=user, school=school_obj, role=role, group_names=group_names)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        if created:
            text = _("Gebruiker %(username)s aangemaakt; rol %(role)s in %(brin)s.")
        else:
            text = _("Gebruiker %(username)s bestond al; rol %(role)s in %(brin)s.")
        self.stdout.write(text % {"username": username, "role": role, "brin": school_obj.brin})

    def _password_if_new(self, username):
        from django.contrib.auth import get_user_model

        if get_user_model().objects.filter(username=username).exists():
            return None
        password = os.environ.get("NPO_PASSWORD")
        if not password:
            if not os.isatty(0):
                raise CommandError(_("Geef het wachtwoord via de omgevingsvariabele NPO_PASSWORD."))
            password = getpass.getpass(_("Wachtwoord: "))
            if password != getpass.getpass(_("Nogmaals: ")):
                raise CommandError(_("De wachtwoorden zijn niet gelijk."))
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(
                _("Wachtwoord niet sterk genoeg: %(reasons)s") % {"reasons": " ".join(error.messages)}
            ) from None
        return password
