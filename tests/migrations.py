"""Running migrations to a given state inside a test, for tests of data migrations."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate the test database to `targets` and return the historical apps of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    """The newest migration of every app: migrate back to it when the test is done."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
