"""Funding streams as data (issue 15): the NPO shipped as FACTS.md §3 has it (an amount not verified stays empty and
the budget says "bedrag onbekend"), and a second stream an administrator adds in /beheer/, with its own catalogue,
that a school plans a programme with through the same plan, consent and PDF cycle."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from menukaart.models import Intervention
from npo_planner.programma import allocation, funding, selectors
from npo_planner.programma.models import FundingStream, Programme, StreamAmount
from npo_planner.scholen.models import SchoolType
from tests.factories import SchoolYearFactory
from tests.html_forms import admin_form
from tests.programma.factories import make_item, make_programme, submit
from tests.queue import work_off_the_queue

D = Decimal
FIXTURE = Path(funding.__file__).parent / "fixtures" / "npo_stream.json"


def test_the_npo_ships_with_the_verified_amounts_and_leaves_the_others_empty(db):
    shipped = {row["school_year"]: row for row in json.loads(FIXTURE.read_text())["amounts"]}
    assert shipped["2021-2022"]["per_unit"] is None  # € 251,16 is not verified (FACTS.md §3)
    npo = FundingStream.objects.get(code="npo")
    assert npo.window == ["2021-2022", "2022-2023", "2023-2024", "2024-2025"]
    assert npo.categories == "ABCDEF"
    amounts = funding.amounts_by_year(npo)
    assert (amounts["2021-2022"].per_pupil_bo, amounts["2021-2022"].per_pupil_sbo) == (
        D("701.16"),
        D("1051.74"),
    )
    assert amounts["2021-2022"].per_pupil_so == D("1402.31")
    # 2022-2023: € 500 for basisonderwijs; sbo and (v)so got more than € 500, an amount not verified
    assert (amounts["2022-2023"].per_pupil_bo, amounts["2022-2023"].per_unit) == (D("500.00"), D("463.78"))
    assert (amounts["2022-2023"].per_pupil_sbo, amounts["2022-2023"].per_pupil_so) == (None, None)
    for label in ("2023-2024", "2024-2025"):  # no new money
        assert funding.year_amounts(npo, label, SchoolType.BO).no_money


def test_an_sbo_school_sees_bedrag_onbekend_for_2022_2023_instead_of_500(client, cast):
    cast.school_a.school_type = SchoolType.SBO
    cast.school_a.save()
    programme = make_programme(cast.school_a, cast.year)
    make_item(programme)
    budget = selectors.programme_budget(programme=programme, items=list(programme.items.all()))
    assert [b.allocation for b in budget.years] == [D("1051.74") * 2, None]  # 2 pupils enrolled
    assert "Het budget voor 2022-2023 is onbekend: bedrag onbekend." in [w.message for w in budget.warnings]
    window = allocation.school_window(school=cast.school_a)
    assert window.rows[1].allocation is None and window.rows[1].carry_out is None
    client.force_login(cast.director)
    page = client.get(reverse("programma:detail", args=["11AA", programme.pk])).content.decode()
    window_table = page.split('id="geld-per-jaar"')[1]
    assert '<th scope="row">2022-2023</th><td class="num">bedrag onbekend</td>' in window_table


def test_the_unit_amount_left_empty_makes_the_year_unknown_for_a_school_with_units(cast, fake_apps):
    StreamAmount.objects.filter(stream__code="npo", school_year="2021-2022").update(per_unit=None)
    programme = make_programme(cast.school_a, cast.year)  # the scan stand-in gives 12,5 units
    budget = selectors.programme_budget(programme=programme, items=[make_item(programme)])
    assert budget.years[0].allocation is None and budget.years[0].unknown_reason == "bedrag onbekend"
    assert budget.allocation_total is None and not budget.over_budget


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("beheer", "b@example.org", "x" * 12))
    return client


def add_stream_in_the_admin(admin_client, interventions) -> FundingStream:
    url = reverse("admin:programma_fundingstream_add")
    form = admin_form(admin_client, url)
    prefix = "amounts-0-"
    form.update(
        {
            "code": ["basisvaardigheden"],
            "name": ["Subsidie basisvaardigheden"],
            "first_year": ["2021-2022"],
            "last_year": ["2022-2023"],
            "categories": ["BE"],
            "interventions": [str(i.pk) for i in interventions],
            "source": ["rijksoverheid.nl, 3 februari 2025 (ronde 2025)"],
            f"{prefix}school_year": ["2021-2022"],
            f"{prefix}per_pupil_bo": ["€ 615,00"],
            f"{prefix}per_pupil_sbo": ["615"],
            f"{prefix}per_pupil_so": ["615"],
            f"{prefix}per_unit": ["0"],
            f"{prefix}source": ["ronde 2025: € 615 per leerling"],
        }
    )
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    return FundingStream.objects.get(code="basisvaardigheden")


def test_an_administrator_adds_a_stream_and_a_school_plans_consents_and_prints_with_it(
    client, cast, admin_client, django_capture_on_commit_callbacks
):
    SchoolYearFactory(label="2022-2023")
    reading = Intervention.objects.filter(school=None, goal_area="B").order_by("pk")[:2]
    stream = add_stream_in_the_admin(admin_client, reading)
    assert funding.catalogue_ids(stream) == {i.pk for i in reading}
    assert StreamAmount.objects.get(stream=stream).per_pupil_bo == D("615.00")
    make_programme(cast.school_a, cast.year)  # the school's NPO programme of the same year stays

    client.force_login(cast.director)
    npo_page = client.get(reverse("programma:index", args=["11AA"]))
    assert npo_page.status_code == 302  # the NPO programme of the year
    form_page = client.get(reverse("programma:index", args=["11AA"]) + "?nieuw=1").content.decode()
    assert "Subsidie basisvaardigheden" in form_page
    response = client.post(
        reverse("programma:create", args=["11AA"]),
        {"stream": stream.pk, "first_year": cast.year.pk, "last_year": cast.year.pk},
    )
    programme = Programme.objects.get(school=cast.school_a, stream=stream)
    assert response.url == reverse("programma:detail", args=["11AA", programme.pk])
    assert programme.year_labels == ["2021-2022"]

    # the item form offers the stream's catalogue (and the school's own interventions) and its goal areas only
    item_url = reverse("programma:item_create", args=["11AA", programme.pk])
    form = client.get(item_url).context["form"]
    offered = {
        ref for _group, options in form.fields["intervention_choice"].choices[1:] for ref, _ in options
    }
    assert offered == {i.pk for i in reading}
    assert {code for code, _ in form.fields["goal_area"].choices if code} == {"B", "E"}
    assert "cost_2021_2022" in form.fields and "cost_2022_2023" not in form.fields
    data = {
        "intervention_choice": reading[0].pk,
        "goal": "Meer leerlingen lezen op niveau.",
        "target_groups": "5a",
        "starts_on": "2021-09-01",
        "ends_on": "2022-06-30",
        "cost_2021_2022": "1.000",
        "responsible": "Taalcoördinator",
        "evaluation_method": "LVS",
        "lock_version": programme.version,
    }
    assert client.post(item_url, data).status_code == 302
    assert programme.items.get().year_costs == {"2021-2022": "1000.00"}
    page = client.get(reverse("programma:detail", args=["11AA", programme.pk])).content.decode()
    assert "Subsidie basisvaardigheden" in page and "1.230,00" in page.replace(
        "\u00a0", " "
    )  # 2 pupils × 615

    submit(programme, cast.director)
    client.force_login(cast.mr)
    decision = client.post(
        reverse("programma:decide", args=["11AA", programme.pk]),
        {"consent": "ja", "decided_on": "2021-10-01", "remarks": "", "lock_version": programme.version + 1},
    )
    assert decision.status_code == 302
    programme.refresh_from_db()
    assert programme.status == Programme.Status.APPROVED
    client.force_login(cast.director)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.get(reverse("programma:pdf", args=["11AA", programme.pk]))
    assert started.status_code == 302  # made in the background
    work_off_the_queue()
    pdf = client.get(reverse("programma:pdf", args=["11AA", programme.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "basisvaardigheden" in pdf["Content-Disposition"]
    # the NPO's money stays the NPO's: the other stream's plan is not in the NPO window
    assert allocation.school_window(school=cast.school_a).rows[0].planned == D("0")
    assert allocation.school_window(school=cast.school_a, stream=stream).rows[0].planned == D("1000")


def test_a_stream_refuses_a_window_or_categories_that_make_no_sense(db):
    from django.core.exceptions import ValidationError

    stream = FundingStream(code="x", name="X", first_year="2025-2026", last_year="2024-2025", categories="AZ")
    with pytest.raises(ValidationError) as error:
        stream.full_clean()
    assert set(error.value.message_dict) == {"last_year", "categories"}


def test_the_budget_page_costs_a_fixed_number_of_queries_over_four_years_with_spending(
    client, cast, django_assert_max_num_queries
):
    from npo_planner.programma import spending

    years = [cast.year] + [
        SchoolYearFactory(label=label) for label in ("2022-2023", "2023-2024", "2024-2025")
    ]
    programme = make_programme(cast.school_a, cast.year, last_year=years[-1])
    counts = []
    for size in (2, 12):
        while programme.items.count() < size:
            n = programme.items.count()
            item = make_item(
                programme,
                name=f"Onderdeel {n}",
                ends_on=datetime.date(2025, 6, 30),
                year_costs={y.label: "100" for y in years},
            )
            for year in years:
                spending.spending_record(
                    item=item,
                    user=cast.director,
                    spent_on=year.start + datetime.timedelta(days=40),
                    amount=D("50"),
                    external_hire=n % 2 == 0,
                )
        client.force_login(cast.director)
        url = reverse("programma:detail", args=["11AA", programme.pk])
        with django_assert_max_num_queries(23) as captured:
            page = client.get(url)
        assert page.status_code == 200
        counts.append(len(captured))
        for label in ("2021-2022", "2022-2023", "2023-2024", "2024-2025"):
            assert f'<th scope="row">{label}</th>' in page.content.decode()
    assert counts[0] == counts[1]
