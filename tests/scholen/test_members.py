from django.urls import reverse

from npo_planner.scholen.models import AuditEntry, Membership


def test_director_adds_a_teacher_who_gets_a_password_link(client, cast, mailoutbox):
    client.force_login(cast.director)
    url = reverse("scholen:members", kwargs={"brin": cast.school_a.brin})
    response = client.post(
        url,
        {
            "username": "meester.jan",
            "email": "jan@example.org",
            "role": "leerkracht",
            "groups": [cast.group_a6.pk],
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="meester.jan")
    assert membership.school == cast.school_a and list(membership.groups.all()) == [cast.group_a6]
    assert not membership.user.has_usable_password()
    assert len(mailoutbox) == 1 and "wachtwoord-herstellen" in mailoutbox[0].body
    assert AuditEntry.objects.filter(action="membership.grant", school=cast.school_a).exists()


def test_groups_of_another_school_cannot_be_linked(client, cast):
    client.force_login(cast.director)
    url = reverse("scholen:members", kwargs={"brin": cast.school_a.brin})
    response = client.post(
        url, {"username": "x", "email": "x@example.org", "role": "leerkracht", "groups": [cast.group_b5.pk]}
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(user__username="x").exists()


def test_director_revokes_a_role_but_not_one_of_another_school(client, cast):
    client.force_login(cast.director)
    mr_membership = cast.mr.memberships.get()
    other = cast.director_b.memberships.get()
    url = reverse("scholen:member_revoke", kwargs={"brin": cast.school_a.brin, "membership_id": other.pk})
    assert client.post(url).status_code == 404
    url = reverse(
        "scholen:member_revoke", kwargs={"brin": cast.school_a.brin, "membership_id": mr_membership.pk}
    )
    assert client.post(url).status_code == 302
    assert not Membership.objects.filter(pk=mr_membership.pk).exists()
    assert AuditEntry.objects.filter(action="membership.revoke").exists()


def test_director_cannot_revoke_own_role(client, cast):
    client.force_login(cast.director)
    own = cast.director.memberships.get()
    url = reverse("scholen:member_revoke", kwargs={"brin": cast.school_a.brin, "membership_id": own.pk})
    client.post(url)
    assert Membership.objects.filter(pk=own.pk).exists()


def test_the_invitation_mail_names_the_school_the_role_and_who_invited(client, cast, mailoutbox):
    cast.director.first_name, cast.director.last_name = "Ria", "de Vries"
    cast.director.save()
    client.force_login(cast.director)
    url = reverse("scholen:members", kwargs={"brin": cast.school_a.brin})
    client.post(url, {"username": "juf.anna", "email": "anna@example.org", "role": "ib"})
    (mail,) = mailoutbox
    assert mail.to == ["anna@example.org"]
    assert mail.subject == "Uitnodiging voor NPO-planner van School A"
    body = mail.body
    assert "Ria de Vries" in body and "School A" in body and "intern begeleider" in body.lower()
    assert "juf.anna" in body  # the username to log in with
    assert "/account/wachtwoord-herstellen/" in body
    assert "nieuw wachtwoord aangevraagd" not in body  # not the 'forgot password' text
    # The link works: the invited colleague chooses a password and logs in.
    path = (
        "/"
        + next(line for line in body.splitlines() if "wachtwoord-herstellen" in line)
        .split("://", 1)[1]
        .split("/", 1)[1]
    )
    response = client.get(path, follow=True)
    assert response.status_code == 200 and "new_password1" in response.content.decode()
