import pytest

from ouderbetrokkenheid.online_limit import counts


@pytest.fixture(autouse=True)
def _no_answers_counted():
    """The online survey's answer limit counts in a cache: every test starts with no answers counted."""
    counts().clear()
    yield
    counts().clear()
