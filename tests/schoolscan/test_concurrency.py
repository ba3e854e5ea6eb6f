"""Two saves of one section at the same moment, from the same version: exactly one wins, the other is refused.

This needs real concurrent transactions, so it runs on PostgreSQL (CI); SQLite serialises whole-database writes.
"""

import threading

import pytest
from django.db import connection

from npo_planner.lib.edit_conflict import EditConflict
from npo_planner.scholen.roles import Role
from schoolscan.models import Scan, SectionKey
from schoolscan.services import scan_create, section_save
from tests.schoolscan.helpers import version_of


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)")
def test_concurrent_saves_of_one_section_cannot_both_win(transactional_db, cast):
    scan = scan_create(school=cast.school_a, school_year=cast.year, user=cast.director)
    start = threading.Barrier(2)
    outcomes = {}

    def save(name, user, role):
        try:
            start.wait()
            section_save(
                scan=scan,
                key=SectionKey.WELLBEING,
                user=user,
                role=role,
                base_version=0,
                values={"step_groups": f"tekst van {name}"},
            )
            outcomes[name] = "saved"
        except EditConflict:
            outcomes[name] = "conflict"
        finally:
            from django.db import connection as thread_connection

            thread_connection.close()

    threads = [
        threading.Thread(target=save, args=("ib", cast.ib, Role.IB)),
        threading.Thread(target=save, args=("directeur", cast.director, Role.DIRECTEUR)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["conflict", "saved"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    assert Scan.objects.get(pk=scan.pk).wellbeing.step_groups == f"tekst van {winner}"
    assert version_of(scan, SectionKey.WELLBEING) == 1
