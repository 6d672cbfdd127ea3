"""The Nu HTML Checker (vnu.jar, the `vnu-jar` npm package) finds no error on any page type or form.

The demo content is built once for the module (`seed_demo`, rolled back at the end), about fifty
documents are fetched with the Django test client (every page type, listings and filters, every form
empty and with errors, signed out and signed in, the error pages), and all of them are checked in one
`java -jar vnu.jar --errors-only` run: the JVM starts once. Without Java or without
`node_modules/vnu-jar` (`npm ci --ignore-scripts`) the test is skipped locally and fails in CI (CI=true).
"""

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.messaging import notifications_token
from accounts.models import User
from agenda.models import AgendaIndexPage, EventPage
from association.models import EssGuidePage
from conseil.models import ConsultantIndexPage, ConsultantProfile, Mission, Proposal
from emploi.models import ApplyMode, CandidateProfile, JobOffer, OfferApplication, OffersIndexPage, OfferStatus
from home.models import HomePage, StandardPage
from magazine.models import ArticlePage, Author, MagazineIndexPage, RubriquePage
from newsletter.models import MailingList, NewsletterIndexPage, NewsletterPage, Subscriber
from newsletter.tokens import confirmation_token, preferences_token, unsubscribe_token
from reference.models import Region

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")
# The tests themselves read nothing; the mark makes pytest-django create the test database.
pytestmark = pytest.mark.django_db

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def checker_missing() -> str:
    if JAVA is None:
        return "java not found: `apt-get install default-jre-headless` to run the Nu HTML Checker"
    if not VNU_JAR.is_file():
        return f"{VNU_JAR.relative_to(ROOT)} not found: run `npm ci --ignore-scripts` (or `make install`)"
    return ""


def public_pages() -> list[tuple[str, str, int]]:
    """(label, path, expected status) of every public page type, its listings, filters and forms."""
    home = HomePage.objects.get()
    magazine = MagazineIndexPage.objects.live().first()
    rubrique = RubriquePage.objects.live().first()
    article = ArticlePage.objects.live().order_by("-publication_date").first()
    offers = OffersIndexPage.objects.live().first()
    offer = JobOffer.objects.listed().order_by("-pk").first()
    agenda = AgendaIndexPage.objects.live().first()
    event = EventPage.objects.live().order_by("start").first()
    author = Author.objects.first()
    tag = article.tags.first()
    pages = [
        ("accueil", home.url, 200),
        *[(f"page éditoriale {page.slug}", page.url, 200) for page in StandardPage.objects.live()[:3]],
        ("plan du site", reverse("sitemap_html"), 200),
        ("page introuvable", "/cette-page-n-existe-pas/", 404),
        ("magazine", magazine.url, 200),
        ("magazine, page 2", magazine.url + "?page=2", 200),
        ("rubrique", rubrique.url, 200),
        ("article", article.url, 200),
        ("auteur·rice", magazine.url + magazine.reverse_subpage("author", args=[author.slug]), 200),
        ("articles d'une région", region_path(magazine, article), 200),
        ("revue de presse", magazine.url + magazine.reverse_subpage("press_review"), 200),
        ("proposer un communiqué", reverse("magazine:press_release_submit"), 200),
        ("offres", offers.url, 200),
        ("offres filtrées", offers.url + "?q=chargé&page=1", 200),
        ("offre", offer_path(offers, offer), 200),
        ("agenda", agenda.url, 200),
        ("agenda filtré", agenda.url + "?date_min=2000-01-01&q=ess", 200),
        ("agenda, ce mois-ci", agenda.url + agenda.reverse_subpage("this_month"), 200),
        ("agenda, passés", agenda.url + agenda.reverse_subpage("past"), 200),
        ("agenda, mois prochain", agenda.url + agenda.reverse_subpage("next_month"), 200),
        ("événement", event.url, 200),
        ("proposer un événement", reverse("agenda:submission_propose"), 200),
        ("connexion", reverse("account_login"), 200),
        ("inscription", reverse("account_signup"), 200),
        ("mot de passe oublié", reverse("account_reset_password"), 200),
        *newsletter_pages(),
        # The association (issue 24).
        ("parler à quelqu'un", reverse("association:contact"), 200),
        ("correspondant·es", reverse("association:correspondents"), 200),
        *[("l'ESS, c'est quoi", page.url, 200) for page in EssGuidePage.objects.live()[:1]],
        ("recherche", "/recherche/?q=économie", 200),
        ("recherche, articles filtrés", "/recherche/?q=économie&type=articles&rubrique=ess&du=2020-01-01", 200),
        ("recherche, structures filtrées", "/recherche/?q=coopérative&type=structures&forme=scic&region=84", 200),
        ("recherche, offres filtrées", "/recherche/?q=mission&type=offres&contrat=cdi&teletravail=1", 200),
        ("recherche, événements filtrés", "/recherche/?q=forum&type=evenements&a_venir=1", 200),
    ]
    if tag is not None:
        pages.append(("étiquette", magazine.url + magazine.reverse_subpage("tag", args=[tag.slug]), 200))
    pages += conseil_public_pages()  # conseil (issue 14)
    return pages


def newsletter_pages() -> list[tuple[str, str, int]]:
    letters = NewsletterIndexPage.objects.live().first()
    letter = NewsletterPage.objects.live().first()
    subscriber = Subscriber.objects.order_by("pk").first()
    weekly = MailingList.objects.get(slug="hebdo")
    return [
        ("archive des lettres", letters.url, 200),
        ("lettre (version web)", letter.url, 200),
        ("inscription à la lettre", reverse("newsletter:signup"), 200),
        ("inscription envoyée", reverse("newsletter:signup_sent"), 200),
        (
            "confirmer l'inscription",
            reverse("newsletter:confirm", args=[confirmation_token(subscriber.pk, [weekly.pk])]),
            200,
        ),
        ("lien invalide", reverse("newsletter:confirm", args=["faux"]), 400),
        ("préférences", reverse("newsletter:preferences", args=[preferences_token(subscriber.pk)]), 200),
        ("désinscription", reverse("newsletter:unsubscribe", args=[unsubscribe_token(subscriber.pk, weekly.pk)]), 200),
        # The other notifications' one-click pages (core.emails.unsubscribe_headers).
        *[
            ("courriels des messages", reverse("message_notifications_off", args=[notifications_token(user)]), 200)
            for user in User.objects.filter(is_active=True).order_by("pk")[:1]
        ],
        ("courriels des messages, lien invalide", reverse("message_notifications_off", args=["faux"]), 404),
    ]


def region_path(magazine: MagazineIndexPage, article: ArticlePage) -> str:
    region = article.regions.first() or Region.objects.order_by("pk").first()
    return magazine.url + magazine.reverse_subpage("region", args=[region.slug])


def offer_path(offers: OffersIndexPage, offer: JobOffer, route: str = "offer") -> str:
    return offers.url + offers.reverse_subpage(route, kwargs={"slug": offer.slug, "pk": offer.pk})


CONTROL = "témoin invalide"
CONTROL_HTML = b'<!DOCTYPE html><html lang="fr"><head><title>t</title></head><body><form action=""></form></body>'
ERROR_TEMPLATES = ["400", "403", "403_csrf", "429", "500"]
CANDIDATE, RECRUITER = "candidate@solidaires.test", "recruteur@solidaires.test"


def signed_in_pages() -> list[tuple[str, str, str, int]]:
    """(label, account, path, expected status) of the signed-in areas and their forms."""
    offer = JobOffer.objects.filter(created_by__email=RECRUITER).order_by("pk").first()
    pages = [
        ("mon espace (candidat·e)", CANDIDATE, reverse("espace"), 200),
        ("changer de mot de passe", CANDIDATE, reverse("account_change_password"), 200),
        ("adresses électroniques", CANDIDATE, reverse("account_email"), 200),
        ("espace recruteur", RECRUITER, reverse("emploi:space"), 200),
        ("nouvelle offre", RECRUITER, reverse("emploi:offer_create"), 200),
        ("structures", RECRUITER, reverse("annuaire:organisations"), 200),
        ("nouvelle structure", RECRUITER, reverse("annuaire:create"), 200),
        ("rejoindre une structure", RECRUITER, reverse("annuaire:find") + "?q=ess", 200),
        ("adhérer", CANDIDATE, reverse("association:join"), 200),
        ("mon adhésion", CANDIDATE, reverse("association:space"), 200),
    ]
    if offer is not None:
        pages += [
            ("offre du recruteur", RECRUITER, reverse("emploi:offer_detail", args=[offer.pk]), 200),
            ("modifier l'offre", RECRUITER, reverse("emploi:offer_edit", args=[offer.pk]), 200),
        ]
    published = JobOffer.objects.filter(created_by__email=RECRUITER, status=OfferStatus.PUBLISHED).first()
    if published is not None:
        pages += [
            ("retirer l'offre", RECRUITER, reverse("emploi:offer_withdraw", args=[published.pk]), 200),
            ("clôturer l'offre", RECRUITER, reverse("emploi:offer_close", args=[published.pk]), 200),
        ]
    # Candidates (issue 23): their space, CV and bio, and a public bio seen by someone else.
    pages += [
        ("espace candidat·e", CANDIDATE, reverse("emploi_candidate:space"), 200),
        ("profil candidat·e", CANDIDATE, reverse("emploi_candidate:profile"), 200),
        ("réglages de la bio", CANDIDATE, reverse("emploi_candidate:bio_settings"), 200),
        ("CV du candidat", CANDIDATE, reverse("emploi_candidate:cv"), 200),
        ("ajout au CV", CANDIDATE, reverse("emploi_candidate:entry_add", args=["experience"]), 200),
        ("mes données", CANDIDATE, reverse("my_data"), 200),
    ]
    own_bio = CandidateProfile.objects.filter(user__email=CANDIDATE).first()
    if own_bio is not None:
        pages.append(("ma bio", CANDIDATE, reverse("bio", args=[own_bio.slug]), 200))
        entry = own_bio.cv_entries.order_by("pk").first()
        if entry is not None:
            pages.append(
                ("modifier une entrée du CV", CANDIDATE, reverse("emploi_candidate:entry_edit", args=[entry.pk]), 200)
            )
            pages.append(
                ("retirer une entrée du CV", CANDIDATE, reverse("emploi_candidate:entry_delete", args=[entry.pk]), 200)
            )
    # Recruiters' side of applications (issue 23, stage 2).
    received = OfferApplication.objects.filter(offer__created_by__email=RECRUITER).order_by("pk").first()
    if received is not None:
        pages.append(
            ("candidatures reçues", RECRUITER, reverse("emploi:offer_applications", args=[received.offer_id]), 200)
        )
        pages.append(("une candidature reçue", RECRUITER, reverse("emploi:application", args=[received.pk]), 200))
    public_bio = CandidateProfile.objects.public().exclude(user__email=CANDIDATE).order_by("pk").first()
    if public_bio is not None:
        pages.append(("bio publique", RECRUITER, reverse("bio", args=[public_bio.slug]), 200))
    recruiter = User.objects.get(email=RECRUITER)
    past = EventPage.objects.live().exclude(organiser=None).filter(start__lt=timezone.now()).order_by("-start")
    event = next((event for event in past[:50] if event.accepts_photos_from(recruiter)), None)
    if event is not None:
        pages.append(("photos d'un événement passé", RECRUITER, reverse("agenda:event_photos", args=[event.pk]), 200))
    pages += conseil_signed_in_pages()  # conseil (issue 14)
    return pages


def forms_with_errors() -> list[tuple[str, str | None, str, dict, int]]:
    """(label, account or None, path, posted data, expected status): forms shown back with their errors."""
    offers = OffersIndexPage.objects.live().first()
    offer = JobOffer.objects.listed().filter(apply_mode=ApplyMode.SITE).order_by("-pk").first()
    return [
        ("candidature avec erreurs", None, offer_path(offers, offer, "apply"), {"email": "pas-une-adresse"}, 200),
        ("inscription avec erreurs", None, reverse("account_signup"), {"email": "pas-une-adresse"}, 200),
        ("connexion avec erreur", None, reverse("account_login"), {"login": "x@exemple.test", "password": "x"}, 200),
        ("communiqué avec erreurs", None, reverse("magazine:press_release_submit"), {"email": "x"}, 400),
        ("événement proposé avec erreurs", None, reverse("agenda:submission_propose"), {"email": "x"}, 400),
        ("nouvelle offre avec erreurs", RECRUITER, reverse("emploi:offer_create"), {"title": ""}, 400),
        ("inscription à la lettre avec erreurs", None, reverse("newsletter:signup"), {"email": "x"}, 400),
        ("profil candidat·e avec erreurs", CANDIDATE, reverse("emploi_candidate:profile"), {"salary_wish": "-1"}, 400),
        ("bio avec erreurs", CANDIDATE, reverse("emploi_candidate:bio_settings"), {"slug": "admin"}, 400),
        ("entrée du CV avec erreurs", CANDIDATE, reverse("emploi_candidate:entry_add", args=["education"]), {}, 400),
        ("suppression du compte avec erreurs", CANDIDATE, reverse("delete_account"), {"password": "x"}, 400),
        ("nouvelle mission avec erreurs", RECRUITER, reverse("missions:create"), {"title": ""}, 400),  # conseil
        (
            "adhésion avec erreurs",
            CANDIDATE,
            reverse("association:join"),
            {"category": "company_large", "tier": "standard", "fee": "5"},
            400,
        ),
        ("parler à quelqu'un avec erreurs", None, reverse("association:contact"), {"channel": "phone"}, 400),
    ]


# --- conseil (issue 14): the consultants' directory, the missions and their spaces ---
CONSULTANT = "consultant@solidaires.test"


def conseil_public_pages() -> list[tuple[str, str, int]]:
    page = ConsultantIndexPage.objects.live().first()
    profile = ConsultantProfile.objects.visible().order_by("pk").first()
    mission = Mission.objects.listed().order_by("pk").first()
    return [
        ("consultant·es", page.url, 200),
        ("consultant·es filtré·es", page.url + "?expertise=financement&region=84&disponibilite=available", 200),
        ("fiche consultant·e", f"{page.url}{profile.slug}/", 200),
        ("missions de conseil", page.url + "missions/", 200),
        ("missions filtrées", page.url + "missions/?expertise=strategie&distance=1", 200),
        ("mission de conseil", f"{page.url}missions/{mission.url_key}/", 200),
    ]


def conseil_signed_in_pages() -> list[tuple[str, str, str, int]]:
    page = ConsultantIndexPage.objects.live().first()
    own = Mission.objects.filter(created_by__email=RECRUITER, status="published").order_by("pk").first()
    unanswered = Mission.objects.listed().exclude(proposals__consultant__user__email=CONSULTANT).order_by("pk").first()
    pages = [
        ("ma fiche consultant·e", CONSULTANT, reverse("conseil:profile_edit"), 200),
        ("mes propositions", CONSULTANT, reverse("conseil:my_proposals"), 200),
        ("répondre à une mission", CONSULTANT, f"{page.url}missions/{unanswered.url_key}/repondre/", 200),
        ("mes missions de conseil", RECRUITER, reverse("missions:space"), 200),
        ("nouvelle mission", RECRUITER, reverse("missions:create"), 200),
    ]
    if own is not None:
        pages += [
            ("mission de la structure", RECRUITER, reverse("missions:detail", args=[own.pk]), 200),
            ("clôturer la mission", RECRUITER, reverse("missions:close", args=[own.pk]), 200),
            ("retirer la mission", RECRUITER, reverse("missions:withdraw", args=[own.pk]), 200),
        ]
    mine = Proposal.objects.filter(
        consultant__user__email=CONSULTANT,
        status__in=["sent", "shortlisted"],
        mission__status="published",
        mission__answer_by__gte=timezone.localdate(),
    ).first()
    if mine is None:  # the demo's answers are drawn at random: give the demo consultant one still open
        other = Mission.objects.listed().exclude(proposals__consultant__user__email=CONSULTANT)
        mine = Proposal.objects.create(
            mission=other.exclude(pk=unanswered.pk).order_by("pk").first(),
            consultant=ConsultantProfile.objects.get(user__email=CONSULTANT),
            message="Ma proposition.",
        )
    if mine is not None:
        pages += [
            ("modifier ma proposition", CONSULTANT, reverse("conseil:proposal_edit", args=[mine.pk]), 200),
            ("retirer ma proposition", CONSULTANT, reverse("conseil:proposal_withdraw", args=[mine.pk]), 200),
        ]
    return pages


def run_checker(documents: dict[str, bytes], directory: Path) -> dict[str, list[dict]]:
    """Check every document in one vnu.jar run; returns the messages about each label's document.

    A message about no known file (the checker could not read one, say) is kept under « vnu.jar »."""
    labels = {}
    for number, (label, html) in enumerate(documents.items()):
        name = f"page-{number:02d}.html"
        (directory / name).write_bytes(html)
        labels[name] = label
    result = subprocess.run(  # noqa: S603 (our own arguments)
        [JAVA, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *[str(directory / name) for name in labels]],
        capture_output=True,
        timeout=600,
        check=False,
    )
    assert result.returncode in {0, 1}, result.stderr.decode(errors="replace")
    report = json.loads(result.stderr)
    messages = {label: [] for label in documents}
    for message in report["messages"]:
        name = message.get("url", "").rsplit("/", 1)[-1]
        messages.setdefault(labels.get(name, "vnu.jar"), []).append(message)
    return messages


@pytest.fixture(scope="module")
def checked_pages(django_db_setup, django_db_blocker, tmp_path_factory):
    """Seed the demo once, fetch every page, check them all in one run; everything is rolled back."""
    if missing := checker_missing():
        if IN_CI:
            pytest.fail(f"The Nu HTML Checker is required in CI: {missing}", pytrace=False)
        pytest.skip(missing)
    documents, statuses, expected = {}, {}, {}
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("vnu-media")):
        with transaction.atomic():
            cache.clear()
            call_command("seed_demo", quiet_accounts=True, stdout=io.StringIO())
            clients = {None: Client()}

            def fetch(label, account, path, data, status):
                if account not in clients:
                    clients[account] = Client()
                    assert clients[account].login(email=account, password=DEMO_PASSWORD), account
                client = clients[account]
                response = client.get(path) if data is None else client.post(path, data)
                documents[label], statuses[label], expected[label] = response.content, response.status_code, status

            for label, path, status in public_pages():
                fetch(label, None, path, None, status)
            for label, account, path, status in signed_in_pages():
                fetch(label, account, path, None, status)
            for label, account, path, data, status in forms_with_errors():
                fetch(label, account, path, data, status)
            # The error pages that no request of a test reaches (the 404 is fetched above).
            for name in ERROR_TEMPLATES:
                label = f"page d'erreur {name}"
                documents[label] = render_to_string(f"{name}.html", {}).encode()
                statuses[label] = expected[label] = "rendered"
            transaction.set_rollback(True)
        cache.clear()
    # A document known to be invalid: proves that the checker ran and that its messages reach each label.
    documents[CONTROL] = CONTROL_HTML
    statuses[CONTROL] = expected[CONTROL] = "rendered"
    messages = run_checker(documents, tmp_path_factory.mktemp("vnu-pages"))
    return {
        label: (statuses.get(label), expected.get(label), found, documents.get(label, b""))
        for label, found in messages.items()
    }


def test_enough_pages_are_checked_and_the_checker_finds_errors(checked_pages):
    assert len(checked_pages) >= 30, sorted(checked_pages)
    control_errors = [error["message"] for error in checked_pages[CONTROL][2]]
    assert any("action" in message for message in control_errors), control_errors


def test_every_page_answers_as_expected(checked_pages):
    wrong = {label: (status, want) for label, (status, want, *_rest) in checked_pages.items() if status != want}
    assert not wrong, wrong


def test_forms_with_errors_show_them(checked_pages):
    """The checker sees the forms with their error summary (`role="alert"`), not pages without the form."""
    labels = [label for label in checked_pages if "avec erreur" in label]
    assert len(labels) >= 6, labels
    missing = [label for label in labels if b'role="alert"' not in checked_pages[label][3]]
    assert not missing, missing


def test_no_html_error_on_any_page(checked_pages):
    report = [
        f"{label}: line {error.get('lastLine')}: {error.get('message')} [{error.get('extract', '').strip()}]"
        for label, (_status, _want, errors, _html) in checked_pages.items()
        if label != CONTROL
        for error in errors
    ]
    assert not report, f"{len(report)} Nu HTML Checker errors:\n" + "\n".join(report)
