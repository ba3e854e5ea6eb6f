"""Interventions pasted from Excel into the programme: every row an item, Dutch numbers and dates, errors per row,
all or nothing, the programme's version check."""

import datetime
import re
from decimal import Decimal

from django.urls import reverse

from npo_planner.programma.models import Item
from npo_planner.scholen.models import AuditEntry
from tests.programma.factories import make_programme


def errors_on(response) -> list[str]:
    return re.findall(r"<li>(Regel[^<]*|[^<]*gewijzigd[^<]*)</li>", response.content.decode())


def paste_url(programme):
    return reverse(
        "programma:item_paste", kwargs={"brin": programme.school.brin, "programme_id": programme.pk}
    )


PASTE = (
    "Naam\tDoelgebied\tMeetbaar doel\tDoelgroep\tStart\tEinde\tKosten 2021-2022 (€)\tKosten 2022-2023 (€)\tVerantwoordelijke\tExterne inhuur (PNIL)\n"
    "Tutoring rekenen\tB\t80% haalt het niveau\t5a, 6a\t1-10-2021\t30-6-2022\t€ 18.500\t2.250,50\tIB'er\tja\n"
    "Leesclub\tMeer onderwijs(tijd)\tMeer leesplezier\tgroep 4\t\t\t1.200\t0\tdirecteur\tnee\n"
)


def test_the_programme_page_links_to_the_paste_page_which_lists_the_columns(client, cast):
    programme = make_programme(cast.school_a, cast.year)
    client.force_login(cast.director)
    detail = client.get(reverse("programma:detail", kwargs={"brin": "11AA", "programme_id": programme.pk}))
    assert paste_url(programme) in detail.content.decode()
    html = client.get(paste_url(programme)).content.decode()
    assert "Naam · Doelgebied · Prioriteit uit de schoolscan" not in html  # the typed column, not the choice
    assert "Naam · Doelgebied · Prioriteit · Meetbaar doel" in html
    assert f'name="lock_version" value="{programme.version}"' in html


def test_pasted_rows_become_items_with_dutch_numbers_and_dates(client, cast):
    programme = make_programme(cast.school_a, cast.year)
    version = programme.version
    client.force_login(cast.director)
    response = client.post(paste_url(programme), {"lock_version": version, "plakken": PASTE})
    assert response.status_code == 302, errors_on(response)
    items = list(Item.objects.filter(programme=programme).order_by("position"))
    assert [
        (i.name, i.goal_area, i.kind, i.cost_for("2021-2022"), i.cost_for("2022-2023"), i.external_hire)
        for i in items
    ] == [
        ("Tutoring rekenen", "B", Item.Kind.TYPED, Decimal("18500.00"), Decimal("2250.50"), True),
        ("Leesclub", "A", Item.Kind.TYPED, Decimal("1200.00"), Decimal("0.00"), False),
    ]
    assert items[0].starts_on == datetime.date(2021, 10, 1)
    assert items[1].starts_on == programme.first_year.start  # an empty date is the programme's
    programme.refresh_from_db()
    assert programme.version == version + 2
    assert AuditEntry.objects.filter(action="programme.item_create", school=cast.school_a).count() == 2
    assert "2 onderdelen geplakt en opgeslagen." in client.get(response.url).content.decode()


def test_errors_per_row_and_nothing_is_added(client, cast):
    programme = make_programme(cast.school_a, cast.year)
    client.force_login(cast.director)
    paste = PASTE + "\tZ\tdoel\tgroep 5\t31-2-2022\t\tveel\t0\tik\tmisschien\n"
    response = client.post(paste_url(programme), {"lock_version": programme.version, "plakken": paste})
    assert response.status_code == 400
    html = response.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”")
    for message in (
        "Regel 4, kolom Doelgebied: “Z” is geen keuze",
        "Regel 4, kolom Externe inhuur (PNIL): schrijf ja of nee, niet “misschien”.",
        "Regel 4, kolom Naam: Kies een interventie of vul een naam in.",
        "Regel 4, kolom Kosten 2021-2022 (€):",
        "Regel 4, kolom Start:",
    ):
        assert message in html, errors_on(response)
    assert not Item.objects.filter(programme=programme).exists()


def test_a_paste_on_a_stale_page_is_refused_and_adds_nothing(client, cast):
    programme = make_programme(cast.school_a, cast.year)
    client.force_login(cast.director)
    stale = programme.version
    client.post(
        paste_url(programme),
        {
            "lock_version": stale,
            "plakken": PASTE.splitlines()[0] + "\nEerst\tA\tdoel\tgroep 3\t\t\t1\t0\tik\n",
        },
    )
    response = client.post(paste_url(programme), {"lock_version": stale, "plakken": PASTE})
    assert response.status_code == 400
    assert "Iemand anders heeft het programma intussen gewijzigd" in response.content.decode()
    assert list(Item.objects.filter(programme=programme).values_list("name", flat=True)) == ["Eerst"]


def test_a_row_the_item_refuses_at_save_names_its_row_and_rolls_back_the_others(client, cast):
    programme = make_programme(cast.school_a, cast.year)
    client.force_login(cast.director)
    paste = PASTE + "Extra lezen\tA\tA5001 leest beter\tgroep 5\t\t\t1\t0\tik\n"  # a pupil code in a text
    response = client.post(paste_url(programme), {"lock_version": programme.version, "plakken": paste})
    assert response.status_code == 400
    assert [e for e in errors_on(response) if e.startswith("Regel 4: ")], errors_on(response)
    assert not Item.objects.filter(programme=programme).exists()


def test_the_paste_page_costs_a_fixed_number_of_queries(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.programma.factories import make_item

    programme = make_programme(cast.school_a, cast.year)
    client.force_login(cast.director)
    counts = []
    for n_items in (1, 8):
        while Item.objects.filter(programme=programme).count() < n_items:
            make_item(programme)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(paste_url(programme)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_checking_pasted_rows_reads_the_choices_once_whatever_the_number_of_rows(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    programme = make_programme(cast.school_a, cast.year)
    client.force_login(cast.director)
    counts, per_row = [], []
    for n_rows in (1, 6):
        paste = "Leesclub\tZ\n" * n_rows  # refused (unknown goal area): checked, nothing written
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                paste_url(programme), {"lock_version": programme.version, "plakken": paste}
            )
        assert response.status_code == 400
        # What a row costs itself, as one item's form does: Django checks the cost constraint with a query (in a
        # savepoint). Everything else (the interventions, priorities and shortlist offered) is read once.
        own = [q for q in queries.captured_queries if "SAVEPOINT" in q["sql"] or '"_check"' in q["sql"]]
        per_row.append(len(own) / n_rows)
        counts.append(len(queries) - len(own))
    assert counts[0] == counts[1], counts
    assert per_row[0] == per_row[1], per_row
