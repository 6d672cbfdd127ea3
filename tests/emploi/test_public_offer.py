"""/emploi/<slug>-<id>/: what a reader sees, the stable address, the public rule, JobPosting, applying."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core.models import OutgoingEmail
from emploi.models import ApplyMode, JobOffer, OfferApplication, SalaryPeriod, WorkingTime
from tests.home.html import h1s, json_ld_of_type, parse, texts

from .factories import JobOfferFactory, commune, contract
from .public_support import offers_page_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def offer_url(offer) -> str:
    return f"/emploi/{offer.slug}-{offer.pk}/"


def job_posting(response) -> dict:
    items = json_ld_of_type(response, "JobPosting")
    assert len(items) == 1
    return items[0]


def test_offer_page_shows_everything(client, offers_page):
    offer = JobOfferFactory(
        title="Éducatrice spécialisée",
        organisation__name="Association Le Relais",
        organisation__website="https://relais.example",
        organisation__description="Accueil de jour et hébergement.",
        salary_min=28000,
        salary_max=32000,
        reference="ES-2026-04",
        start_date=timezone.localdate() + timedelta(days=40),
        remote_days=2,
    )
    response = client.get(offer_url(offer))
    assert response.status_code == 200
    assert h1s(response) == ["Éducatrice spécialisée"]
    content = response.content.decode()
    for text in (
        "Association Le Relais",
        "CDI",
        "Lyon (69)",
        "28\u202f000 à 32\u202f000",
        "ES-2026-04",
        "2 jours de télétravail",
        "Accueil de jour",
    ):
        assert text in content or text.replace("\u202f", "\xa0") in content or text.replace("\u202f", " ") in content, (
            text
        )
    assert texts(parse(response), "//nav[@class='breadcrumb']//li") == [
        "Accueil",
        "Offres d’emploi",
        "Éducatrice spécialisée",
    ]
    tree = parse(response)
    assert tree.xpath("//link[@rel='canonical']/@href") == [f"http://localhost{offer_url(offer)}"]
    assert tree.xpath("//title")[0].text_content().startswith("Éducatrice spécialisée – Association Le Relais")
    assert not tree.xpath("//meta[@name='robots']")
    assert tree.xpath("//link[@rel='alternate'][@type='application/rss+xml']/@href") == ["/emploi/rss/"]
    share = tree.xpath("//section[@class='offer__share']//a/@href")
    assert any("linkedin.com" in href for href in share) and any(href.startswith("mailto:") for href in share)


def test_wrong_slug_redirects_permanently(client, offers_page):
    offer = JobOfferFactory(title="Chargée de mission")
    response = client.get(f"/emploi/ancien-titre-{offer.pk}/")
    assert response.status_code == 301
    assert response["Location"] == offer_url(offer)


@pytest.mark.parametrize("trait", ["draft", "submitted", "refused", "withdrawn", "closed_long_ago"])
def test_offers_the_public_may_not_see_are_not_found(client, offers_page, trait):
    offer = JobOfferFactory(**{trait: True})
    assert client.get(offer_url(offer)).status_code == 404
    assert client.get(f"/emploi/autre-{offer.pk}/").status_code == 404


def test_unknown_id_is_not_found(client, offers_page):
    assert client.get("/emploi/quelque-chose-999999/").status_code == 404
    assert client.get("/emploi/sans-identifiant/").status_code == 404


@pytest.mark.parametrize("trait", ["closed", "expired"])
def test_recently_closed_offer_is_shown_closed_without_apply_nor_indexing(client, offers_page, trait):
    offer = JobOfferFactory(**{trait: True})
    response = client.get(offer_url(offer))
    assert response.status_code == 200
    tree = parse(response)
    assert "Offre clôturée" in texts(tree, "//p[@class='offer__closed']")[0]
    assert tree.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert not tree.xpath("//section[@id='candidater']")
    assert not json_ld_of_type(response, "JobPosting")
    apply = client.post(offer_url(offer) + "postuler/", {"name": "A", "email": "a@exemple.test", "message": "x"})
    assert apply.status_code == 302
    assert not OfferApplication.objects.exists()


def test_view_counter_counts_each_view(client, offers_page):
    offer = JobOfferFactory()
    for _ in range(3):
        client.get(offer_url(offer))
    offer.refresh_from_db()
    assert offer.views_count == 3


def test_job_posting_field_by_field(client, offers_page):
    offer = JobOfferFactory(
        title="Responsable de ressourcerie",
        organisation__name="Les Ateliers du Réemploi",
        organisation__website="https://ateliers.example",
        contract_type=contract("cdi"),
        working_time=WorkingTime.FULL_TIME,
        commune=commune("69123"),
        salary_min=2100,
        salary_max=2400,
        salary_period=SalaryPeriod.MONTH,
        description="<p>Piloter l’équipe <b>de tri</b>.</p>",
        profile="<p>Expérience en gestion d’équipe.</p>",
        closing_date=date(2099, 3, 31),
        reference="RR-1",
        published_at=timezone.make_aware(datetime(2026, 11, 2, 10, 0)),
        apply_mode=ApplyMode.SITE,
    )
    data = job_posting(client.get(offer_url(offer)))
    assert data["@context"] == "https://schema.org"
    assert data["title"] == "Responsable de ressourcerie"
    assert "<b>de tri</b>" in data["description"] and "gestion d’équipe" in data["description"]
    assert data["datePosted"] == "2026-11-02T10:00:00+01:00"
    assert data["validThrough"].startswith("2099-03-31T23:59:59")
    assert data["employmentType"] == ["FULL_TIME"]
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Les Ateliers du Réemploi",
        "sameAs": "https://ateliers.example",
    }
    address = data["jobLocation"]["address"]
    assert data["jobLocation"]["@type"] == "Place"
    assert address["@type"] == "PostalAddress"
    assert address["addressLocality"] == "Lyon"
    assert address["postalCode"] == "69001"
    assert address["addressRegion"] == "Auvergne-Rhône-Alpes"
    assert address["addressCountry"] == "FR"
    assert "jobLocationType" not in data
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {"@type": "QuantitativeValue", "minValue": 2100, "maxValue": 2400, "unitText": "MONTH"},
    }
    assert data["directApply"] is True
    assert data["identifier"] == {"@type": "PropertyValue", "name": "Les Ateliers du Réemploi", "value": "RR-1"}
    assert data["url"] == f"http://localhost{offer_url(offer)}"


def test_job_posting_remote_external_and_without_salary(client, offers_page):
    offer = JobOfferFactory(
        commune=None,
        full_remote=True,
        contract_type=contract("freelance"),
        salary_min=None,
        salary_max=None,
        apply_mode=ApplyMode.EXTERNAL,
        apply_url="https://recrutement.example/offre/12",
    )
    response = client.get(offer_url(offer))
    data = job_posting(response)
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == {"@type": "Country", "name": "FR"}
    assert "jobLocation" not in data
    assert "baseSalary" not in data
    assert data["directApply"] is False
    assert data["employmentType"] == ["CONTRACTOR"]
    assert data["identifier"]["value"] == str(offer.pk)
    tree = parse(response)
    assert tree.xpath("//section[@id='candidater']//a/@href") == ["https://recrutement.example/offre/12"]
    assert not tree.xpath("//section[@id='candidater']//form")


@pytest.mark.parametrize(
    ("slug", "working_time", "expected"),
    [
        ("cdi", WorkingTime.PART_TIME, ["PART_TIME"]),
        ("cdd", WorkingTime.FULL_TIME, ["TEMPORARY", "FULL_TIME"]),
        ("cdd", WorkingTime.PART_TIME, ["TEMPORARY", "PART_TIME"]),
        ("stage", WorkingTime.FULL_TIME, ["INTERN"]),
        ("benevolat", WorkingTime.PART_TIME, ["VOLUNTEER"]),
        ("service-civique", WorkingTime.FULL_TIME, ["VOLUNTEER"]),
        ("interim", WorkingTime.FULL_TIME, ["TEMPORARY", "FULL_TIME"]),
        ("freelance", WorkingTime.FULL_TIME, ["CONTRACTOR"]),
    ],
)
def test_employment_type_mapping(client, offers_page, slug, working_time, expected):
    offer = JobOfferFactory(contract_type=contract(slug), working_time=working_time)
    assert job_posting(client.get(offer_url(offer)))["employmentType"] == expected


def test_single_salary_value(client, offers_page):
    offer = JobOfferFactory(salary_min=None, salary_max=12, salary_period=SalaryPeriod.HOUR)
    value = job_posting(client.get(offer_url(offer)))["baseSalary"]["value"]
    assert value == {"@type": "QuantitativeValue", "value": 12, "unitText": "HOUR"}


def test_script_in_offer_text_does_not_break_out_of_json_ld(client, offers_page):
    offer = JobOfferFactory(title="Poste </script><script>alert(1)</script>")
    response = client.get(offer_url(offer))
    assert b"<script>alert(1)" not in response.content
    assert job_posting(response)["title"] == "Poste </script><script>alert(1)</script>"


def test_similar_offers_are_listed_offers_sharing_something(client, offers_page):
    offer = JobOfferFactory(commune=commune("69123"))
    same_function = JobOfferFactory(title="Même métier ailleurs", commune=commune("13055"), function=offer.function)
    JobOfferFactory(draft=True, title="Brouillon du même métier", function=offer.function)
    JobOfferFactory(closed=True, title="Clôturée du même métier", function=offer.function)
    tree = parse(client.get(offer_url(offer)))
    similar = texts(tree, "//section[@class='offer__similar']//h3")
    assert same_function.title in similar
    assert "Brouillon du même métier" not in similar and "Clôturée du même métier" not in similar
    assert offer.title not in similar


def test_offer_page_query_budget(client, offers_page, django_assert_max_num_queries):
    offer = JobOfferFactory()
    JobOfferFactory.create_batch(5, function=offer.function)
    client.get(offer_url(offer))
    with django_assert_max_num_queries(15):
        assert client.get(offer_url(offer)).status_code == 200


# -- Applying on the site -----------------------------------------------------------------------------


def apply_data(**overrides):
    data = {
        "name": "Camille Martin",
        "email": "camille@exemple.test",
        "message": "Je suis motivée.",
        "contact_nickname": "",
    }
    data.update(overrides)
    return data


def test_apply_form_creates_an_application_and_relays_it(client, offers_page, django_capture_on_commit_callbacks):
    offer = JobOfferFactory(organisation__email="recrutement@relais.example")
    page = client.get(offer_url(offer))
    assert parse(page).xpath("//form[@action=$action]", action=offer_url(offer) + "postuler/")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(offer_url(offer) + "postuler/", apply_data())
    assert response.status_code == 302
    assert response["Location"] == offer_url(offer)
    application = OfferApplication.objects.get()
    assert (application.offer, application.name, application.email) == (offer, "Camille Martin", "camille@exemple.test")
    email = OutgoingEmail.objects.get()
    assert email.to == ["recrutement@relais.example"]
    assert offer.title in email.subject
    assert mail.outbox and "Je suis motivée." in mail.outbox[0].body
    assert mail.outbox[0].message()["Reply-To"] == "camille@exemple.test"
    followed = client.get(offer_url(offer))
    assert "Votre candidature a été transmise" in followed.content.decode()


def test_apply_form_keeps_plain_text_only(client, offers_page):
    offer = JobOfferFactory()
    data = apply_data(
        name="<b>Camille</b> Martin\x07", message="Bonjour,<script>alert(1)</script>\n\nJe suis <i>motivée</i>."
    )
    assert client.post(offer_url(offer) + "postuler/", data).status_code == 302
    application = OfferApplication.objects.get()
    assert application.name == "Camille Martin"
    assert application.message == "Bonjour,\n\nJe suis motivée."


def test_apply_form_errors_are_shown_and_nothing_saved(client, offers_page):
    offer = JobOfferFactory()
    response = client.post(offer_url(offer) + "postuler/", apply_data(email="pas-une-adresse", message=""))
    assert response.status_code == 200
    tree = parse(response)
    assert tree.xpath("//div[@class='form-errors']")
    assert tree.xpath("//input[@name='email'][@aria-invalid='true']")
    assert not OfferApplication.objects.exists()


def test_apply_honeypot_and_rate_limit(client, offers_page, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "emploi.application": "3/h"}
    offer = JobOfferFactory()
    response = client.post(offer_url(offer) + "postuler/", apply_data(contact_nickname="http://spam.example"))
    assert response.status_code == 200
    assert "ressemble à celui d’un robot" in response.content.decode()
    assert not OfferApplication.objects.exists()
    for _attempt in range(4):  # mistakes never use up the quota
        assert client.post(offer_url(offer) + "postuler/", apply_data(email="pas-une-adresse")).status_code == 200
    for n in range(3):
        assert client.post(offer_url(offer) + "postuler/", apply_data(email=f"p{n}@exemple.test")).status_code == 302
    response = client.post(offer_url(offer) + "postuler/", apply_data(email="p4@exemple.test"))
    assert response.status_code == 200
    assert "Trop de candidatures" in response.content.decode()
    assert OfferApplication.objects.count() == 3


def test_apply_is_impossible_for_external_offers(client, offers_page):
    offer = JobOfferFactory(apply_mode=ApplyMode.EXTERNAL, apply_url="https://ailleurs.example/")
    response = client.post(offer_url(offer) + "postuler/", apply_data())
    assert response.status_code == 302
    assert not OfferApplication.objects.exists()
    assert client.get(offer_url(offer) + "postuler/").status_code == 302


def test_apply_to_hidden_offer_is_not_found(client, offers_page):
    offer = JobOfferFactory(draft=True)
    assert client.post(offer_url(offer) + "postuler/", apply_data()).status_code == 404
    assert JobOffer.objects.get().views_count == 0
