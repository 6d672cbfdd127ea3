"""The association in the personal-data registry: memberships in the export (/espace/mes-donnees/),
identity removed on deletion while the paid rows stay anonymised for the accounts."""

import datetime
import io
import json
import zipfile

import pytest
from django.urls import reverse

from accounts import personal_data
from accounts.models import User
from association import services
from association.fees import Category, Tier
from association.models import ContactRequest, Membership, Payment
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def join(user, year, fee=30, tier=Tier.STANDARD, display_name="Les Jardins <b>partagés</b>"):
    return services.join(
        user,
        year=year,
        category=Category.ASSOCIATION_SMALL,
        tier=tier,
        fee=fee,
        display_name=display_name,
        representative="Aïcha Benali",
    )


def test_the_export_holds_the_memberships_payments_and_contact_requests(client, candidate):
    membership = join(candidate, 2026)
    services.record_payment(membership, amount_cents=3000, method=Payment.Method.CHEQUE, note="chèque n° 12")
    ContactRequest.objects.create(name="Aïcha", reason="Être rappelée", channel="email", email=candidate.email.upper())
    ContactRequest.objects.create(name="Autre", reason="Autre", channel="email", email="autre@example.org")
    other = join(CandidateFactory(), 2026, display_name="Quelqu’un d’autre")
    client.force_login(candidate)
    response = client.get(reverse("my_data_export"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("association/association.json"))
    [exported] = data["adhesions"]
    assert exported["annee"] == 2026
    assert exported["nom_du_membre"] == "Les Jardins <b>partagés</b>"
    assert exported["representant"] == "Aïcha Benali"
    assert exported["paiements"] == [
        {"montant_euros": "30.00", "moyen": "Chèque", "recu_le": exported["paiements"][0]["recu_le"]}
    ]
    assert [row["nom"] for row in data["demandes_parler_a_quelqu_un"]] == ["Aïcha"]
    assert other.display_name not in archive.read("association/association.json").decode()


def test_nobody_in_the_association_gets_no_association_file(client, candidate):
    client.force_login(candidate)
    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("my_data_export")).content))
    assert not [name for name in archive.namelist() if name.startswith("association/")]


def test_deletion_keeps_paid_rows_anonymised_and_drops_the_rest(client, candidate, password):
    paid = join(candidate, 2025)
    services.record_payment(paid, amount_cents=3000, method=Payment.Method.HELLOASSO, provider_id="helloasso:9")
    services.record_payment(paid, amount_cents=0, method=Payment.Method.CASH, note="remis par Aïcha Benali")
    free = join(candidate, 2026, fee=0, tier=Tier.SOLIDARITY)
    pending = join(candidate, 2027)
    ContactRequest.objects.create(name="Aïcha", reason="Rappel", channel="email", email=candidate.email)
    kept_other = ContactRequest.objects.create(name="Autre", reason="Autre", channel="phone", phone="0102030405")
    client.force_login(candidate)
    response = client.post(reverse("delete_account"), {"password": password, "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=candidate.pk).exists()
    assert not Membership.objects.filter(pk__in=[free.pk, pending.pk]).exists()
    paid.refresh_from_db()
    assert paid.user_id is None
    assert paid.display_name == "Adhérent·e supprimé·e"
    assert paid.representative == ""
    assert paid.status == Membership.Status.PAID
    assert sorted(paid.payments.values_list("amount_cents", "note")) == [(0, ""), (3000, "")]
    assert paid.payments.filter(provider_id="helloasso:9").exists()
    assert list(ContactRequest.objects.all()) == [kept_other]


def test_anonymised_rows_are_no_voters_and_get_no_email(candidate, mailoutbox):
    membership = join(candidate, 2026)
    services.record_payment(membership, amount_cents=3000, method=Payment.Method.TRANSFER)
    still_member = join(CandidateFactory(), 2026, fee=0, tier=Tier.SOLIDARITY)
    personal_data.delete_account(candidate)
    on = datetime.date(2026, 12, 15)
    assert [m.pk for m in services.voters(on)] == [still_member.pk]
    assert "Adhérent·e supprimé·e" not in services.voters_csv(on)
    mailoutbox.clear()
    # The anonymised row neither blocks nor receives reminders and lapse notices.
    assert services.send_reminders(on) == 1
    assert services.send_lapse_notices(datetime.date(2027, 1, 10)) == 1
    assert all(message.to != [""] for message in mailoutbox)
