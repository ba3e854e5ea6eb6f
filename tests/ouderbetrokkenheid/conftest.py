import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """The online survey's answer limit counts in the cache: every test starts with no answers counted."""
    cache.clear()
    yield
    cache.clear()
