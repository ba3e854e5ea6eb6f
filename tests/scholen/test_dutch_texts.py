"""Issue 13: no English where a user reads."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import get_default_password_validators
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD

# A password each configured validator refuses (for a user "janjansen").
REFUSED_BY = {
    "UserAttributeSimilarityValidator": "janjansen1",
    "MinimumLengthValidator": "k0rt!",
    "CommonPasswordValidator": "password123",
    "NumericPasswordValidator": "12345678901",
}


# Words of Django's English password messages that no Dutch message contains.
ENGLISH = re.compile(
    r"\b(password|this|your|must|too|short|characters?|similar|common|numeric|least)\b", re.I
)


def _messages(validator, password, language):
    user = get_user_model()(username="janjansen", email="jan@example.org")
    with translation.override(language):
        try:
            validator.validate(password, user)
        except ValidationError as error:
            return error.messages + [validator.get_help_text()]
    raise AssertionError(f"{type(validator).__name__} accepted {password!r}")


@pytest.mark.parametrize(
    "config", settings.AUTH_PASSWORD_VALIDATORS, ids=lambda c: c["NAME"].rsplit(".", 1)[1]
)
def test_every_password_rule_speaks_dutch(config):
    (validator,) = [v for v in get_default_password_validators() if type(v).__name__ in config["NAME"]]
    password = REFUSED_BY[type(validator).__name__]
    for message in _messages(validator, password, "nl"):
        assert not ENGLISH.search(message), f"English: {message}"


def test_the_password_pages_show_the_rules_in_dutch(client, cast):
    client.force_login(cast.teacher)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "k0rt!", "new_password2": "k0rt!"},
    )
    page = response.content.decode()
    assert "Dit wachtwoord is te kort" in page
    assert "This password" not in page
