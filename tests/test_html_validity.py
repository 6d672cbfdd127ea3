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
from accounts.models import User
from agenda.models import AgendaIndexPage, EventPage
from emploi.models import ApplyMode, JobOffer, OffersIndexPage, OfferStatus
from home.models import HomePage, StandardPage
from magazine.models import ArticlePage, Author, MagazineIndexPage, RubriquePage
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
        ("recherche", "/recherche/?q=économie", 200),
        ("recherche, articles filtrés", "/recherche/?q=économie&type=articles&rubrique=ess&du=2020-01-01", 200),
        ("recherche, structures filtrées", "/recherche/?q=coopérative&type=structures&forme=scic&region=84", 200),
        ("recherche, offres filtrées", "/recherche/?q=mission&type=offres&contrat=cdi&teletravail=1", 200),
        ("recherche, événements filtrés", "/recherche/?q=forum&type=evenements&a_venir=1", 200),
    ]
    if tag is not None:
        pages.append(("étiquette", magazine.url + magazine.reverse_subpage("tag", args=[tag.slug]), 200))
    return pages


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
    recruiter = User.objects.get(email=RECRUITER)
    past = EventPage.objects.live().exclude(organiser=None).filter(start__lt=timezone.now()).order_by("-start")
    event = next((event for event in past[:50] if event.accepts_photos_from(recruiter)), None)
    if event is not None:
        pages.append(("photos d'un événement passé", RECRUITER, reverse("agenda:event_photos", args=[event.pk]), 200))
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
    ]


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
