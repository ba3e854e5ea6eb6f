"""The board's overview (bestuur role): every school of the board side by side, aggregates only, CSVs for
the annual report, and the page where the board's secretary records the GMR's decision on a programme."""

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from npo_planner.jobs.models import Job
from npo_planner.jobs.selectors import board_job_get, board_jobs
from npo_planner.jobs.services import retry_job, start_job
from npo_planner.lib.charts import bar_chart
from npo_planner.lib.csv_export import csv_response, decimal_comma
from npo_planner.lib.stored_files import file_download
from npo_planner.programma import accounts, board_pdfs, money, selectors
from npo_planner.programma.board_access import board_view
from npo_planner.programma.budget import AREAS
from npo_planner.programma.models import Council
from npo_planner.programma.views import council_decision
from npo_planner.scholen.models import SchoolYear
from npo_planner.scholen.services import audit_record


def _year(request):
    label = request.GET.get("jaar", "")
    year = SchoolYear.objects.filter(label=label).first() if label else None
    return year or selectors.board_default_year(boards=request.boards)


@board_view
def overview(request):
    year = _year(request)
    rows = selectors.board_rows(boards=request.boards, school_year=year) if year else []
    context = {
        "chart": _chart(rows),
        "year": year,
        "years": selectors.board_years(boards=request.boards),
        "rows": rows,
        "areas": AREAS,
        "goal_areas": selectors.goal_area_labels(),
        "awaiting_gmr": selectors.board_awaiting_gmr(boards=request.boards),
        "boards": request.boards,
        "pdf_jobs": board_jobs(boards=request.boards, kind=board_pdfs.KIND),
        "money": money.board_money([row["window"] for row in rows]),
    }
    return render(request, "programma/board_overview.html", context)


def _calendar_year(request) -> int:
    text = request.GET.get("jaar", "")
    if text.isdigit() and len(text) == 4:
        return int(text)
    return money.default_account_year(boards=request.boards)


@board_view
def accounts_page(request):
    """The board's jaarverslag per calendar year: per school the money spent per goal area, the PNIL share of it,
    scan made, consent of the MR (and the GMR) to the programme as it stands. The figures of
    `npo_verantwoording`."""
    year = _calendar_year(request)
    rows = money.account_rows(boards=request.boards, year=year)
    context = {
        "year": year,
        "years": money.account_years(boards=request.boards),
        "rows": [(row, accounts.gmr_label(row)) for row in rows],
        "totals": money.account_totals(rows),
        "areas": AREAS,
        "goal_areas": selectors.goal_area_labels(),
    }
    return render(request, "programma/board_accounts.html", context)


@board_view
def accounts_csv(request):
    """The jaarverslag of one calendar year as CSV: the columns of `npo_verantwoording` (Dutch names)."""
    year = _calendar_year(request)
    rows = money.account_rows(boards=request.boards, year=year)
    _audit(request, "board.accounts_csv", str(year), len(rows))
    return csv_response(f"npo-verantwoording-{year}.csv", accounts.HEADER, accounts.account_csv_rows(rows))


@board_view
def gmr_decide(request, programme_id):
    """The GMR's decision on a programme of one of the board's schools (another board's programme: 404)."""
    programme = selectors.board_programme_get(boards=request.boards, programme_id=programme_id)
    if programme is None:
        raise Http404
    context, done = council_decision(request, programme=programme, council=Council.GMR)
    if done:
        messages.success(
            request,
            _("Het besluit van de GMR over het schoolprogramma van %(school)s is vastgelegd.")
            % {"school": programme.school.name},
        )
        return redirect("bestuur:overview")
    if context["pending"]:
        items = context["latest"].snapshot.get("items", [])
        context["above_school_level"] = [i for i in items if i.get("above_school_level")]
    return render(request, "programma/gmr_decide.html", context)


def _audit(request, action: str, label: str, n_schools: int) -> None:
    audit_record(
        user=request.user,
        school=None,
        action=action,
        summary=_("Bestuursexport %(year)s (%(n)s scholen)") % {"year": label, "n": n_schools},
        data={"boards": [b.name for b in request.boards]},
    )


def _chart(rows) -> str | None:
    """Planned cost per school, stacked by goal area (drawn once per data version)."""
    with_budget = [r for r in rows if r["budget"] is not None]
    if not with_budget:
        return None
    series = {area: [float(sum(r["budget"].planned[area])) for r in with_budget] for area in AREAS}
    return bar_chart(
        [r["school"].brin for r in with_budget], series, ylabel=_("gepland (€)"), stacked=True, height=2.8
    )


@board_view
def spending_csv(request):
    """Planned spending per school per goal area A–F (both years of the programme)."""
    year = _year(request)
    rows = selectors.board_rows(boards=request.boards, school_year=year) if year else []
    header = ["brin", "school", "schooljaren", "status", "npo_budget"] + [f"doelgebied_{a}" for a in AREAS]
    header += ["totaal_gepland"]
    out = []
    for row in rows:
        budget = row["budget"]
        programme = row["programme"]
        if budget is None:
            out.append(
                [row["school"].brin, row["school"].name, "", _("geen programma")] + [""] * (len(AREAS) + 2)
            )
            continue
        out.append(
            [
                row["school"].brin,
                row["school"].name,
                programme.years_label,
                programme.get_status_display(),
                decimal_comma(budget.allocation_total),
            ]
            + [decimal_comma(sum(budget.planned[a])) for a in AREAS]
            + [decimal_comma(budget.planned_total)]
        )
    label = year.label if year else "onbekend"
    _audit(request, "board.spending_csv", label, len(out))
    return csv_response(f"npo-besteding-per-doelgebied-{label}.csv", header, out)


def _gmr_consent(row) -> tuple[str, str]:
    """The GMR's consent for the annual report: 'ja' (and the date), 'niet nodig' (nothing spent above school
    level), 'wacht op besluit', or 'nee'. Needed or not as frozen in the last version, else from the items. 'ja'
    only when the GMR consented to the programme as it stands (`Submission.consent_in_force`)."""
    programme, submission = row["programme"], row["submission"]
    if programme is None:
        return _("geen programma"), ""
    needed = submission.needs_gmr if submission else any(i.above_school_level for i in row["items"])
    if not needed:
        return _("niet nodig"), ""
    if submission is None:
        return _("nee"), ""
    if submission.consent_in_force(Council.GMR):
        return _("ja"), submission.gmr_decided_on.isoformat() if submission.gmr_decided_on else ""
    if submission.awaits(Council.GMR):
        return _("wacht op besluit"), ""
    return _("nee"), ""


def _first_results(items) -> str:
    """Per item the school's verdict and next step ('Kanjertraining: werkt deels, doorgaan, aangepast'); never the
    findings text, which is the school's own working note."""
    parts = []
    for item in items:
        outcome = selectors.outcome_of(item)
        if outcome is None:
            parts.append(_("%(name)s: nog niet geëvalueerd") % {"name": item.name})
        else:
            verdict = outcome.get_verdict_display().lower()
            parts.append(f"{item.name}: {verdict}, {outcome.get_next_step_display().lower()}")
    return "; ".join(parts)


@board_view
def annual_report_csv(request):
    """The annual-report questions per school: scan made, kinds of intervention, how parents and team were
    involved, MR consent, share of external hire (PNIL), GMR consent and the first results (the last columns:
    added later, so the columns before them keep their place)."""
    year = _year(request)
    rows = selectors.board_rows(boards=request.boards, school_year=year) if year else []
    # the PNIL share of the money spent in the school year (not planned): the jaarverslag's one source
    spent = money.spent_by_school(schools=[r["school"] for r in rows], school_year=year) if rows else {}
    header = [
        "brin",
        "school",
        "schoolscan",
        "soorten_interventies",
        "interventies",
        "betrokkenheid_ouders_en_team",
        "instemming_mr",
        "datum_instemming",
        "aandeel_externe_inhuur_pct",
        "instemming_gmr",
        "datum_instemming_gmr",
        "eerste_resultaten",
    ]
    out = []
    for row in rows:
        programme = row["programme"]
        submission = row["submission"]
        # 'ja' only for the programme as it stands (a consent to an earlier version, since changed, is 'nee')
        consent = submission is not None and submission.consent_in_force(Council.MR)
        kinds = "; ".join(f"{area}: {n}" for area, n in row.get("mix", []))
        out.append(
            [
                row["school"].brin,
                row["school"].name,
                row["scan_status"] or _("geen schoolscan"),
                kinds,
                "; ".join(sorted({item.name for item in row["items"]})),
                programme.parents_and_team if programme else "",
                (_("ja") if consent else _("nee")) if programme else _("geen programma"),
                submission.decided_on.isoformat() if consent and submission.decided_on else "",
                decimal_comma(money.pnil_share(spent.get(row["school"].pk))),
                *_gmr_consent(row),
                _first_results(row["items"]),
            ]
        )
    label = year.label if year else "onbekend"
    _audit(request, "board.annual_report_csv", label, len(out))
    return csv_response(f"npo-jaarverslag-{label}.csv", header, out)


@board_view
@require_POST
def pdf_batch_start(request):
    """Start the zip of every school's programme PDF of one board and school year; it is made in the background."""
    year = _year(request)
    board = next((b for b in request.boards if str(b.pk) == request.POST.get("bestuur")), None)
    if year is None or board is None:
        raise Http404
    job = start_job(
        kind=board_pdfs.KIND,
        user=request.user,
        board=board,
        params={"school_year": year.pk, "label": year.label},
    )
    return redirect("bestuur:job", job_id=job.pk)


def _board_job(request, job_id):
    job = board_job_get(boards=request.boards, job_id=job_id)
    if job is None:
        raise Http404
    return job


@board_view
def job_detail(request, job_id):
    """The progress of a background job; the page asks again every two seconds (htmx) until it is finished."""
    job = _board_job(request, job_id)
    template = "jobs/_job.html" if request.htmx else "programma/board_job.html"
    context = {
        "job": job,
        "label": board_pdfs.LABEL,
        "download_url": reverse("bestuur:job_download", kwargs={"job_id": job.pk}),
        "retry_url": reverse("bestuur:job_retry", kwargs={"job_id": job.pk}),
    }
    return render(request, template, context)


@board_view
def job_download(request, job_id):
    job = _board_job(request, job_id)
    if job.status != Job.Status.DONE:
        raise Http404
    response = file_download(job.result_path, job.result_filename)
    _audit(request, "board.pdf_batch", job.params.get("label", ""), job.done)
    return response


@board_view
def job_retry(request, job_id):
    job = _board_job(request, job_id)  # another board's job is 404 whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    retry_job(job=job)
    return redirect("bestuur:job", job_id=job_id)
