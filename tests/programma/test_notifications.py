"""Who must act is told: the MR when a version awaits it, the board for the GMR, the directeur of a decision;
after the commit only, one mail per recipient; and through a real SMTP server."""

import datetime
import email
import socketserver
import threading

import pytest
from django.core import mail
from django.core.mail import get_connection

from npo_planner.programma import services
from npo_planner.programma.models import Council
from npo_planner.scholen.models import Membership
from npo_planner.scholen.roles import Role
from tests.factories import UserFactory
from tests.programma.factories import item_values, make_programme, submit


@pytest.fixture
def programme(cast):
    programme = make_programme(cast.school_a, cast.year)
    services.item_create(
        programme=programme, user=cast.director, expected_version=programme.version, **item_values()
    )
    programme.refresh_from_db()
    return programme


def decide(programme, user, *, consent=True, council=Council.MR, remarks=""):
    programme.refresh_from_db()
    return services.programme_decide(
        programme=programme,
        user=user,
        expected_version=programme.version,
        consent=consent,
        decided_on=datetime.date(2021, 10, 12),
        remarks=remarks,
        council=council,
    )


def test_submitting_mails_each_mr_member_after_the_commit(
    cast, programme, django_capture_on_commit_callbacks
):
    second_mr = UserFactory(username="mr_a2")
    Membership.objects.create(user=second_mr, school=cast.school_a, role=Role.MR)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(programme, cast.director)
    assert mail.outbox == []  # nothing is sent before the commit
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([cast.mr.email, second_mr.email])
    assert all(len(m.to) == 1 for m in mail.outbox)  # nobody sees the others' addresses
    message = mail.outbox[0]
    school = cast.school_a.name
    assert message.subject == f"Versie 1 van het schoolprogramma van {school} wacht op het besluit van de MR"
    assert "Dit is de eerste versie die ter instemming wordt voorgelegd." in message.body
    assert f"http://localhost:8000/{cast.school_a.brin}/programma/{programme.pk}/besluit/" in message.body


def test_a_rolled_back_submission_mails_nobody(cast, programme, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        submit(programme, cast.director)
        raise RuntimeError
    assert mail.outbox == []


def test_gmr_needed_mails_the_board_and_the_second_version_says_what_changed(
    cast, programme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(programme, cast.director)
        decide(programme, cast.mr)
    mail.outbox.clear()
    item = programme.items.get()
    programme.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.item_update(
            item=item,
            user=cast.director,
            expected_version=programme.version,
            confirm_reopen=True,
            above_school_level=True,
        )
        submit(programme, cast.director)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {cast.mr.email, cast.board_member.email}  # not the other board's member
    gmr = by_address[cast.board_member.email]
    assert "wacht op het besluit van de GMR" in gmr.subject
    assert f"/bestuur/programma/{programme.pk}/besluit-gmr/" in gmr.body
    body = by_address[cast.mr.email].body
    assert "Wat is er veranderd sinds versie 1 (de vorige versie, waarmee is ingestemd):" in body
    assert "- gewijzigd: Begrijpend lezen" in body


def test_the_directeur_is_told_of_each_decision(cast, programme, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(programme, cast.director)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(programme, cast.mr, consent=False, remarks="De evaluatie ontbreekt.")
    (message,) = mail.outbox
    assert message.to == [cast.director.email]
    assert message.subject == (
        f"Besluit van de MR over versie 1 van het schoolprogramma van {cast.school_a.name}: geen instemming"
    )
    assert "De evaluatie ontbreekt." in message.body
    assert "Het programma staat weer in concept." in message.body


class _Smtp(socketserver.StreamRequestHandler):
    """A minimal SMTP server: enough of RFC 5321 for Django's SMTP backend (EHLO, MAIL, RCPT, DATA, QUIT)."""

    def reply(self, line: str) -> None:
        self.wfile.write((line + "\r\n").encode())

    def handle(self):
        self.reply("220 localhost test")
        while line := self.rfile.readline():
            command = line.decode().strip().upper()
            if command.startswith("EHLO"):
                self.reply("250-localhost")
                self.reply("250 8BITMIME")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 end with .")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                self.server.received.append(b"".join(data))
                self.reply("250 OK")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


def test_mail_is_delivered_through_a_real_smtp_server(
    cast, programme, settings, django_capture_on_commit_callbacks
):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Smtp)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = server.server_address
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        assert "smtp" in type(get_connection()).__module__
        with django_capture_on_commit_callbacks(execute=True):
            submit(programme, cast.director)
    finally:
        server.shutdown()
        server.server_close()
    (raw,) = server.received
    message = email.message_from_bytes(raw)
    assert message["To"] == cast.mr.email
    subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
    assert subject.startswith("Versie 1 van het schoolprogramma van")
    assert "Dit is de eerste versie" in message.get_payload(decode=True).decode()


def dashboard_cards(client, user, brin="11AA") -> str:
    from django.urls import reverse

    from tests.programma.test_views import html_text

    client.force_login(user)
    return html_text(client.get(reverse("scholen:dashboard", kwargs={"brin": brin})).content.decode())


def test_dashboard_card_for_the_council_whose_decision_waits_and_for_the_directeur(client, cast, programme):
    submit(programme, cast.director)
    mr_page = dashboard_cards(client, cast.mr)
    assert (
        "Besluit van de MR Stand: Uw besluit wordt gevraagd: versie 1 van het schoolprogramma wacht sinds 28-9-2021 "
        "op het besluit van de MR." in mr_page
    )
    assert "Uw besluit wordt gevraagd" not in dashboard_cards(client, cast.teacher)
    assert "Ter instemming Stand: Versie 1 wacht op het besluit van de MR." in dashboard_cards(
        client, cast.director
    )
    decide(programme, cast.mr, consent=False, remarks="De evaluatie ontbreekt.")
    assert "Uw besluit wordt gevraagd" not in dashboard_cards(client, cast.mr)
    director_page = dashboard_cards(client, cast.director)
    assert (
        "Besluit genomen Stand: De MR stemde op 12-10-2021 niet in met versie 1. De evaluatie ontbreekt."
        in director_page
    )


def test_dashboard_card_for_the_board_when_the_gmr_decides(client, cast, programme):
    item = programme.items.get()
    services.item_update(
        item=item, user=cast.director, expected_version=programme.version, above_school_level=True
    )
    submit(programme, cast.director)
    page = dashboard_cards(client, cast.board_member)
    assert "op het besluit van de GMR" in page
    assert f"/bestuur/programma/{programme.pk}/besluit-gmr/" in client.get("/11AA/").content.decode()
