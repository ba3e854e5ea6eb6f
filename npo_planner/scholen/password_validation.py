"""Password rules whose messages Django does not translate.

Django 5.2's MinimumLengthValidator builds its error with a message id ("…at least %d characters.") that its own
Dutch catalogue does not have (that has "%(min_length)d"), so the message stayed English. Same rule, Dutch source
text.
"""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "Dit wachtwoord is te kort: gebruik minstens %(min_length)d teken.",
            "Dit wachtwoord is te kort: gebruik minstens %(min_length)d tekens.",
            self.min_length,
        ) % {"min_length": self.min_length}
