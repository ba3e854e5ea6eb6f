"""A test's stored files go to its own temporary directory (tests/conftest.py), never into the checkout's
var/media."""

from pathlib import Path

from django.core.files.storage import default_storage

from npo_planner.lib.stored_files import file_store


def test_a_stored_file_lands_in_the_tests_own_directory(tmp_path):
    path = file_store("kanvas/pending", b"leerlinggegevens")
    assert Path(default_storage.path(path)).is_relative_to(tmp_path)
