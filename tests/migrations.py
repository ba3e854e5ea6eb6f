"""Running migrations to a given state inside a test, for tests of data migrations."""

import datetime

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate the test database to `targets` and return the historical apps of the database as it then is: the
    targets and every migration of the other apps that stays applied (the state of the targets alone would give,
    say, the school year of before a later scholen migration that is still applied, unlike the tables)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()  # reads which migrations are applied now
    applied = [node for node in executor.loader.applied_migrations if node in executor.loader.graph.nodes]
    return executor.loader.project_state(applied).apps


def latest():
    """The newest migration of every app: migrate back to it when the test is done."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def historical_school(apps):
    """A school and its school year 2021-2022, made with the historical models of `apps`."""
    board = apps.get_model("scholen", "Board").objects.create(name="B")
    school = apps.get_model("scholen", "School").objects.create(brin="77MM", name="S", board=board)
    year = apps.get_model("scholen", "SchoolYear").objects.create(
        label="2021-2022", start=datetime.date(2021, 8, 1), end=datetime.date(2022, 7, 31)
    )
    return school, year
