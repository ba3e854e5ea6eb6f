"""The first advice texts beside a signal, in the product's own words; an administrator changes them in the admin.
Texts already there are left as they are."""

from django.db import migrations

ADVICE = {
    "NI": (
        "Negatieve intenties: ga het gesprek aan",
        "Vraag de leerling in een rustig moment hoe hij of zij met klasgenoten omgaat en wat er gebeurt als het "
        "misgaat. Maak samen een afspraak over ander gedrag en spreek een moment af om erop terug te kijken. "
        "Betrek de ouders als het gedrag ook buiten de klas speelt.",
    ),
    "OS": (
        "Sombere gevoelens: luister en houd vinger aan de pols",
        "Plan een gesprek met de leerling: waar maakt hij of zij zich zorgen over, thuis of op school? Neem de "
        "ouders mee in wat u ziet en vraag wat zij thuis merken. Houdt de somberheid aan of wordt ze erger, "
        "overleg dan met de IB'er over doorverwijzen.",
    ),
    "OV": (
        "Onrustig gedrag: zoek de aanleiding",
        "Kijk wanneer de onrust optreedt (welke lessen, welke momenten, naast wie). Bespreek met de leerling "
        "wat helpt om rustig te werken en leg een paar duidelijke afspraken vast in een plan van aanpak. "
        "Deel het plan met de ouders en evalueer na enkele weken.",
    ),
    "HS": (
        "Weinig hulpvaardig gedrag: geef kansen en waardering",
        "Geef de leerling taken waarin hij of zij anderen kan helpen en benoem het als dat goed gaat. Vraag in "
        "een gesprek wat de leerling lastig vindt in het samenwerken. Kijk in het sociogram of de leerling "
        "aansluiting heeft bij klasgenoten.",
    ),
    "WB": (
        "Laag welbevinden: vraag hoe het gaat",
        "Voer een kort gesprek over hoe de leerling zich voelt op school en in de groep. Kijk of er iets is "
        "veranderd, bijvoorbeeld thuis of in vriendschappen, en betrek de ouders. Plan een vervolggesprek.",
    ),
    "VB": (
        "Voelt zich niet veilig: direct oppakken",
        "Vraag de leerling waar en wanneer hij of zij zich niet veilig voelt en of er gepest wordt. Maak "
        "afspraken over toezicht op die plekken en informeer de ouders. Leg vast wat er is afgesproken en "
        "controleer binnen twee weken of het beter gaat.",
    ),
    "IL": (
        "Leerkracht grijpt volgens de leerling niet in",
        "Bespreek met de leerling wanneer hij of zij hulp had verwacht. Maak in de groep opnieuw duidelijk "
        "wat kinderen kunnen doen als er iets gebeurt en bij wie ze terechtkunnen.",
    ),
    "AI": (
        "Angst voor incidenten: neem de zorg serieus",
        "Vraag waar de leerling bang voor is en of er iets gebeurd is. Spreek af bij wie de leerling terecht "
        "kan en laat weten wat de school doet. Betrek de ouders.",
    ),
    "IN": (
        "Incidenten gemeld: uitzoeken en vastleggen",
        "Ga na welke incidenten de leerling meemaakte, met wie en waar. Leg de gebeurtenissen vast, bespreek ze "
        "met de betrokken leerlingen en hun ouders en volg het schoolprotocol tegen pesten.",
    ),
}


def load(apps, schema_editor):
    ScaleAdvice = apps.get_model("kanvas", "ScaleAdvice")
    for code, (title, text) in ADVICE.items():
        ScaleAdvice.objects.get_or_create(scale_code=code, defaults={"title": title, "text": text})


class Migration(migrations.Migration):
    dependencies = [("kanvas", "0007_scale_advice")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
