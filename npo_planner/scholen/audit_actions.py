"""What each audit action code means, in words, for everyone who reads the log (the school's log page, the admin).

Every code passed to `audit_record` must have a label here; tests/scholen/test_audit_actions.py finds the codes in
the source and checks. A code without a label (an old entry, a forgotten one) still reads as words, never as the code.
"""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    # Core
    "school.create": _("School aangemaakt"),
    "school.delete": _("School verwijderd (na een volledige back-up)"),
    "membership.grant": _("Rol gegeven"),
    "membership.revoke": _("Rol ingetrokken"),
    "account.unlock": _("Inlogblokkade opgeheven"),
    "account.two_factor_reset": _("Tweestapsverificatie teruggezet"),
    "export": _("Gegevens geëxporteerd"),
    "pupil.export": _("Gegevens van een leerling geëxporteerd"),
    "pupil.retention_delete": _("Leerlingen verwijderd na de bewaartermijn"),
    "admin.add": _("Toegevoegd door de beheerder"),
    "admin.change": _("Gewijzigd door de beheerder"),
    "admin.delete": _("Verwijderd door de beheerder"),
    # Menukaart
    "menukaart.own_create": _("Eigen interventie toegevoegd"),
    "menukaart.own_update": _("Eigen interventie gewijzigd"),
    "menukaart.own_delete": _("Eigen interventie verwijderd"),
    "menukaart.consider": _("Interventie overwogen"),
    "menukaart.unconsider": _("Interventie niet meer overwogen"),
    "menukaart.catalogue_import": _("Menukaart ingelezen"),
    # Schoolscan
    "schoolscan.create": _("Schoolscan begonnen"),
    "schoolscan.new_version": _("Nieuwe versie van de schoolscan"),
    "schoolscan.section_save": _("Onderdeel van de schoolscan opgeslagen"),
    "schoolscan.establish": _("Schoolscan vastgesteld"),
    "schoolscan.kanvas_moments": _("Meetmomenten van de schoolscan gekozen"),
    # KanVAS
    "kanvas.import.antwoorden": _("KanVAS-antwoorden ingelezen"),
    "kanvas.import.sociogram": _("Sociogram ingelezen"),
    "kanvas.followup.create": _("Vervolgactie voor een leerling vastgelegd"),
    "kanvas.followup.update": _("Vervolgactie voor een leerling gewijzigd"),
    "kanvas.rescore": _("Vragenlijsten opnieuw gescoord"),
    "kanvas.safety_instrument": _("Instrument van de veiligheidsmeting vastgelegd"),
    # Ouderbetrokkenheid
    "ouderpeiling.sjabloon_kopie": _("Peilingsjabloon gekopieerd"),
    "ouderpeiling.sjabloon_wijzigen": _("Peilingsjabloon gewijzigd"),
    "ouderpeiling.aanmaken": _("Ouderpeiling aangemaakt"),
    "ouderpeiling.koppeling": _("Kolommen van een peilingsbestand gekoppeld"),
    "import.koppeling": _("Kolommen of woorden van een importbestand gekoppeld"),
    "ouderpeiling.wijzigen": _("Ouderpeiling gewijzigd"),
    "ouderpeiling.verwijderen": _("Ouderpeiling verwijderd"),
    "ouderpeiling.formulier": _("Ingevulde vragenlijst toegevoegd"),
    "ouderpeiling.formulier_corrigeren": _("Ingevulde vragenlijst gecorrigeerd"),
    "ouderpeiling.formulier_verwijderen": _("Ingevulde vragenlijst verwijderd"),
    "ouderpeiling.import": _("Ingevulde vragenlijsten ingelezen"),
    "ouderpeiling.thema": _("Opmerkingen van een thema voorzien"),
    "ouderpeiling.eigen_thema": _("Eigen thema toegevoegd"),
    "ouderpeiling.eigen_thema_wijzigen": _("Eigen thema gewijzigd"),
    "ouderpeiling.eigen_thema_verwijderen": _("Eigen thema verwijderd"),
    "ouderpeiling.afspraak": _("Afspraak met ouders toegevoegd"),
    "ouderpeiling.afspraak_wijzigen": _("Afspraak met ouders gewijzigd"),
    "ouderpeiling.afspraak_verwijderen": _("Afspraak met ouders verwijderd"),
    # Schoolprogramma and bestuur
    "programme.create": _("Schoolprogramma aangemaakt"),
    "programme.update": _("Schoolprogramma gewijzigd"),
    "programme.reopen": _("Schoolprogramma teruggezet naar concept"),
    "programme.item_create": _("Onderdeel van het schoolprogramma toegevoegd"),
    "programme.item_update": _("Onderdeel van het schoolprogramma gewijzigd"),
    "programme.item_delete": _("Onderdeel van het schoolprogramma verwijderd"),
    "programme.item_outcome": _("Opbrengst van een onderdeel vastgelegd"),
    "programme.spending_record": _("Besteding op een onderdeel vastgelegd"),
    "programme.spending_delete": _("Besteding op een onderdeel verwijderd"),
    "programme.spending_import": _("Bestedingen ingelezen"),
    "roster.import": _("Groepsindeling ingelezen"),
    "school_year.start": _("Nieuw schooljaar gestart uit het vorige"),
    "programme.submit": _("Schoolprogramma ter instemming voorgelegd"),
    "programme.decide": _("Besluit van de MR vastgelegd"),
    "programme.gmr_decide": _("Besluit van de GMR vastgelegd"),
    "programme.export": _("Schoolprogramma geëxporteerd"),
    "board.spending_csv": _("Bestedingen van het bestuur geëxporteerd"),
    "board.annual_report_csv": _("Jaarverslagvragen van het bestuur geëxporteerd"),
    "board.accounts_csv": _("NPO-verantwoording van het bestuur per kalenderjaar geëxporteerd"),
    "board.pdf_batch": _("Schoolprogramma’s van het bestuur als PDF gedownload"),
}

# For a code without a label of its own: the part of the product it belongs to.
AREA_LABELS = {
    "school": _("School"),
    "membership": _("Gebruikers"),
    "account": _("Inloggen"),
    "pupil": _("Leerlingen"),
    "admin": _("Beheer"),
    "menukaart": _("Menukaart"),
    "schoolscan": _("Schoolscan"),
    "kanvas": _("KanVAS"),
    "ouderpeiling": _("Ouderbetrokkenheid"),
    "programme": _("Schoolprogramma"),
    "board": _("Bestuur"),
}


def action_label(code: str) -> str:
    """The Dutch words for an audit action code."""
    label = ACTION_LABELS.get(code)
    if label is not None:
        return str(label)
    area = AREA_LABELS.get(code.split(".", 1)[0])
    if area is not None:
        return _("%(area)s: overige wijziging") % {"area": area}
    return str(_("Overige wijziging"))
