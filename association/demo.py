"""Demo content of the association: members of every category (some lapsed), two correspondents,
« Parler à quelqu’un » requests in each status, the « L’ESS, c’est quoi ? » page and audience counts
for the demo pages. Idempotent (does nothing once its members exist); runs on SQLite too."""

import datetime
import random

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from accounts.models import User
from core.demo import site_root
from core.models import PageViewDay, ReferrerDay
from reference.models import Departement, Region

from .fees import FLOORS, Category, Tier
from .models import ContactRequest, Correspondent, EssGuidePage, Membership, Payment

DEMO_DOMAIN = "association.solidaires.test"

# (display name, category, representative)
MEMBERS = [
    ("Nadia Ferrand", Category.INDIVIDUAL, ""),
    ("Julien Marchand", Category.INDIVIDUAL, ""),
    ("Les Jardins partagés de Belleville", Category.ASSOCIATION_SMALL, "Aïcha Benali"),
    ("Repair Café du Pays de Morlaix", Category.ASSOCIATION_SMALL, "Yann Le Goff"),
    ("Emmaüs Solidarité Loire", Category.ASSOCIATION_MEDIUM, "Claire Dubois"),
    ("Fédération des centres sociaux d’Occitanie", Category.ASSOCIATION_LARGE, "Hugo Fontaine"),
    ("SCOP Le Pain partagé", Category.COMPANY_SMALL, "Élodie Perrin"),
    ("Enercoop Rhône-Alpes", Category.COMPANY_LARGE, "Mathieu Lefèvre"),
    ("Fondation Terres solidaires", Category.SUPPORTER, "Sophie Lemaire"),
    ("Camille Moreau", Category.INDIVIDUAL, ""),
]

ESS_BODY = [
    ("heading", {"text": "Une autre façon d’entreprendre", "level": "h2"}),
    (
        "paragraph",
        "<p>L’économie sociale et solidaire (ESS) rassemble des associations, des coopératives, des mutuelles, "
        "des fondations et des entreprises qui partagent des règles simples : l’utilité sociale avant le profit, "
        "une gouvernance démocratique (une personne, une voix) et des bénéfices surtout réinvestis dans le projet.</p>",
    ),
    ("heading", {"text": "Qui en fait partie ?", "level": "h2"}),
    (
        "paragraph",
        "<p>Le club de sport de votre quartier, la mutuelle qui vous rembourse, la coopérative agricole qui vend "
        "ses fromages, l’entreprise d’insertion qui aide des personnes à retrouver un emploi : en France, l’ESS "
        "représente environ un emploi privé sur sept.</p>",
    ),
    ("heading", {"text": "Comment y travailler ou s’y engager ?", "level": "h2"}),
    (
        "paragraph",
        "<p>Consultez les offres d’emploi et l’agenda du site, adhérez à l’association pour voter en assemblée "
        "générale, ou demandez à parler à quelqu’un : nous vous rappelons.</p>",
    ),
]


def seed(scale: str, stdout) -> None:
    if Membership.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}").exists():
        stdout.write("association: déjà en place")
        return
    rng = random.Random(24)
    with transaction.atomic():
        home = site_root()
        members = seed_members(rng)
        correspondents = seed_correspondents(home)
        requests = seed_contact_requests()
        guide = seed_guide(home)
        views = seed_audience(rng)
    stdout.write(
        f"association: {members} adhésions, {correspondents} correspondant·es, {requests} demandes, "
        f"page {'créée' if guide else 'absente'}, {views} vues"
    )


def seed_members(rng: random.Random) -> int:
    this_year = timezone.localdate().year
    count = 0
    for index, (name, category, representative) in enumerate(MEMBERS):
        user, _created = User.objects.get_or_create(email=f"adherent{index + 1}@{DEMO_DOMAIN}")
        tier = [Tier.SOLIDARITY, Tier.STANDARD, Tier.SUPPORT][index % 3]
        fee = FLOORS[category][tier]
        # Every third member stopped after last year: lapsed.
        years = [this_year - 1] if index % 4 == 3 else [this_year - 1, this_year]
        for year in years:
            membership = Membership.objects.create(
                user=user,
                year=year,
                category=category,
                tier=tier,
                fee=fee,
                display_name=name,
                representative=representative,
                status=Membership.Status.PAID,
                paid_at=timezone.make_aware(datetime.datetime(year, 1 + rng.randrange(3), 1 + rng.randrange(27))),
            )
            method = rng.choice([Payment.Method.TRANSFER, Payment.Method.CHEQUE, Payment.Method.HELLOASSO])
            Payment.objects.create(
                membership=membership,
                amount_cents=fee * 100,
                method=method if fee else Payment.Method.NONE,
                received_at=membership.paid_at,
                provider_id=f"helloasso:demo-{membership.pk}" if method == Payment.Method.HELLOASSO and fee else None,
            )
            count += 1
    # One waiting for its transfer.
    user, _created = User.objects.get_or_create(email=f"adherent-en-attente@{DEMO_DOMAIN}")
    Membership.objects.create(
        user=user,
        year=this_year,
        category=Category.ASSOCIATION_MEDIUM,
        tier=Tier.STANDARD,
        fee=100,
        display_name="Accorderie de Quimper",
        representative="Gwenaëlle Riou",
    )
    return count + 1


def seed_correspondents(home) -> int:
    section = home.get_children().live().filter(slug="magazine").first() if home else None
    people = [
        ("correspondante-bretagne", "Maëlle Kerjean", Region.objects.filter(code="53").first(), None),
        ("correspondant-gironde", "Thomas Girard", None, Departement.objects.filter(code="33").first()),
    ]
    count = 0
    for slug, name, region, departement in people:
        if region is None and departement is None:
            continue
        user, _created = User.objects.get_or_create(email=f"{slug}@{DEMO_DOMAIN}")
        Correspondent.objects.get_or_create(
            user=user,
            defaults={
                "name": name,
                "region": region,
                "departement": departement,
                "section": section.specific if isinstance(section, Page) else None,
                "public": True,
                "presentation": "Relaie l’actualité des structures de l’ESS du territoire.",
            },
        )
        count += 1
    return count


def seed_contact_requests() -> int:
    rows = [
        ("Martine Lopez", ContactRequest.Who.CANDIDATE, ContactRequest.Channel.PHONE, ContactRequest.Status.NEW,
         "Je cherche un emploi dans une ressourcerie et je n’ai pas d’ordinateur à la maison.", "le mardi matin", ""),
        ("Association Les Petits Débrouillards", ContactRequest.Who.ORGANISATION, ContactRequest.Channel.EMAIL,
         ContactRequest.Status.SCHEDULED, "Nous voudrions publier nos offres de service civique.", "",
         "Appel prévu jeudi à 14 h."),
        ("Bernard Petit", ContactRequest.Who.PERSON, ContactRequest.Channel.IN_PERSON, ContactRequest.Status.DONE,
         "Je voudrais comprendre ce qu’est une SCIC avant de rejoindre celle de mon village.", "après 17 h",
         "Rencontré à la permanence de Morlaix ; documentation remise."),
    ]  # fmt: skip
    for name, who, channel, status, reason, availability, note in rows:
        ContactRequest.objects.create(
            name=name,
            who=who,
            channel=channel,
            status=status,
            reason=reason,
            availability=availability,
            note=note,
            phone="06 12 34 56 78" if channel != ContactRequest.Channel.EMAIL else "",
            email=f"contact-{status}@{DEMO_DOMAIN}",
        )
    return len(rows)


def seed_guide(home):
    if home is None:
        return None
    existing = EssGuidePage.objects.first()
    if existing:
        return existing
    page = EssGuidePage(
        title="L’ESS, c’est quoi ?",
        slug="l-ess-cest-quoi",
        lead="Associations, coopératives, mutuelles, fondations : l’économie sociale et solidaire expliquée "
        "simplement, pour celles et ceux qui la découvrent.",
        show_in_menus=True,
        body=ESS_BODY,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def seed_audience(rng: random.Random) -> int:
    """Thirty days of views for the live pages (a few dozen), and a few referrer domains."""
    today = timezone.localdate()
    paths = [page.url_path for page in Page.objects.live().filter(depth__gte=2).order_by("path")[:40]]
    home_path = paths[0] if paths else "/"
    rows, total = [], 0
    for days_ago in range(30):
        day = today - datetime.timedelta(days=days_ago)
        for path in paths:
            relative = "/" + path[len(home_path) :] if path.startswith(home_path) else path
            views = rng.randrange(3, 120 if relative == "/" else 40)
            rows.append(PageViewDay(day=day, path=relative, views=views))
            total += views
    PageViewDay.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    referrers = [("www.qwant.com", 30), ("www.francetravail.fr", 18), ("mastodon.social", 7), ("www.ecosia.org", 5)]
    ReferrerDay.objects.bulk_create(
        [
            ReferrerDay(day=today - datetime.timedelta(days=d), domain=domain, views=rng.randrange(1, top))
            for d in range(30)
            for domain, top in referrers
        ],
        ignore_conflicts=True,
    )
    return total
