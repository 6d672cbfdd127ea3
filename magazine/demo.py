"""Demo magazine: the index page, five rubriques, authors, articles and the revue de presse.

Articles are inserted in bulk at both scales (about 200 at `small`, 40,000 more at `full`): the page
rows get their tree position (`path`, `depth`, `url_path`) computed here, the parents' `numchild` is
updated afterwards, and the search index is refreshed for the new articles only. No revisions are
stored: editing a demo article in the admin starts from the page itself.
"""

import datetime
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backend

from annuaire.models import Organisation
from core.demo import demo_image, site_root
from reference.models import Departement, Sector

from .caching import listings_changed
from .models import ArticleKind, ArticlePage, ArticleTag, Author, MagazineIndexPage, PressReviewLink, RubriquePage

RUBRIQUES = [
    ("ess", "ESS", "Coopératives, associations, mutuelles : la vie des structures de l’économie sociale."),
    ("recruteurs", "Recruteurs", "Recruter, former et fidéliser dans l’ESS."),
    ("salaries", "Salariés", "Droits, métiers et parcours des salarié·es de l’ESS."),
    ("agenda", "Agenda", "Les rendez-vous à ne pas manquer."),
    ("conseil", "Conseil", "Gestion, financement, gouvernance : des repères pratiques."),
]

AUTHORS = [
    ("Camille Roussel", "Directrice de la publication, suit les politiques publiques de l’ESS."),
    ("Karim Benali", "Journaliste, spécialiste des coopératives et de l’emploi."),
    ("Léa Martin", "Journaliste, couvre l’insertion par l’activité économique."),
    ("Sophie Nguyen", "Rédactrice, écrit sur la finance solidaire et les mutuelles."),
    ("Thomas Lefèvre", "Correspondant dans le Grand Ouest."),
    ("Aïcha Diallo", "Journaliste, suit les associations et le bénévolat."),
    ("Julien Moreau", "Chroniqueur, juriste en droit social."),
    ("Émilie Garnier", "Correspondante en Auvergne-Rhône-Alpes."),
]

TAGS = [
    "coopératives",
    "insertion",
    "emploi",
    "finance solidaire",
    "transition écologique",
    "habitat",
    "alimentation",
    "mutuelles",
    "bénévolat",
    "gouvernance",
    "numérique",
    "économie circulaire",
    "commande publique",
    "jeunesse",
    "égalité femmes-hommes",
    "santé",
    "culture",
    "mobilité",
    "tiers-lieux",
    "formation",
    "handicap",
    "logement",
    "agriculture",
    "énergie",
    "réemploi",
]

# (city, département code) — the articles' territories follow their city.
CITIES = [
    ("Lyon", "69"),
    ("Nantes", "44"),
    ("Lille", "59"),
    ("Marseille", "13"),
    ("Toulouse", "31"),
    ("Rennes", "35"),
    ("Strasbourg", "67"),
    ("Bordeaux", "33"),
    ("Montpellier", "34"),
    ("Grenoble", "38"),
    ("Clermont-Ferrand", "63"),
    ("Dijon", "21"),
    ("Rouen", "76"),
    ("Tours", "37"),
    ("Limoges", "87"),
    ("Besançon", "25"),
    ("Brest", "29"),
    ("Amiens", "80"),
    ("Poitiers", "86"),
    ("Nancy", "54"),
]

STRUCTURES = [
    "La coopérative d’habitants",
    "L’association Les Jardins partagés",
    "Une SCIC de l’énergie citoyenne",
    "La ressourcerie",
    "L’entreprise d’insertion Bâtir ensemble",
    "La mutuelle des artisans",
    "Le tiers-lieu La Fabrique",
    "Une coopérative d’activité et d’emploi",
    "L’épicerie solidaire",
    "La régie de quartier",
    "Une SCOP de menuiserie",
    "Le collectif de cuisiniers",
]

ACTIONS = [
    "ouvre un second site",
    "recrute dix salarié·es en insertion",
    "lève 300 000 euros auprès de ses sociétaires",
    "fête ses vingt ans",
    "change de gouvernance",
    "s’associe à la métropole",
    "lance une formation qualifiante",
    "reprend une usine menacée",
    "passe en société coopérative",
    "mise sur le réemploi",
]

TOPICS = [
    "le partage de la valeur",
    "la semaine de quatre jours",
    "les achats responsables",
    "la mesure d’impact",
    "le mécénat de compétences",
    "les emplois aidés",
    "la place des jeunes",
    "la transmission d’entreprise",
    "le logement abordable",
    "l’alimentation de qualité pour tous",
]

PEOPLE = [
    ("Nadia Chérif", "directrice d’une coopérative"),
    ("Marc Olivier", "président d’une mutuelle"),
    ("Inès Barbier", "fondatrice d’une entreprise d’insertion"),
    ("Paul Girard", "délégué régional"),
    ("Fatou Sow", "coordinatrice d’un tiers-lieu"),
    ("Hélène Caron", "économiste"),
]

CONSEIL_TITLES = [
    "Cinq questions à se poser avant de créer une SCIC",
    "Rémunérer ses bénévoles : ce que dit la loi",
    "Obtenir l’agrément ESUS, étape par étape",
    "Financer un projet par l’épargne solidaire",
    "Répondre à un marché public réservé",
    "Organiser une assemblée générale à distance",
]

PARAGRAPHS = [
    "Dans les locaux encore en travaux, l’équipe prépare l’ouverture. « Nous avons pris le temps de "
    "consulter les habitantes et les habitants du quartier avant de décider quoi que ce soit », raconte "
    "la coordinatrice. Le projet a mûri pendant deux ans.",
    "Le modèle économique repose sur trois piliers : les ventes, des conventions avec les collectivités et "
    "une part de dons. Aucune de ces ressources ne dépasse la moitié du budget, un choix assumé pour "
    "préserver l’indépendance de la structure.",
    "Les salarié·es sont associé·es aux décisions : chaque trimestre, une réunion ouverte fait le point sur "
    "les comptes et les embauches. Les écarts de salaire sont limités de un à trois.",
    "Pour la fédération régionale, l’initiative montre que l’économie sociale et solidaire sait répondre "
    "aux besoins d’un territoire quand les acteurs publics jouent le jeu de la coopération.",
    "Reste la question du financement à long terme. Les subventions de lancement s’arrêtent dans dix-huit "
    "mois et l’équipe cherche déjà de nouveaux partenaires, du côté des fondations comme des banques "
    "coopératives.",
    "Les premiers résultats sont encourageants : une trentaine de personnes ont retrouvé un emploi durable "
    "à l’issue de leur parcours, et la liste d’attente ne cesse de s’allonger.",
]

QUOTES = [
    "On ne fait pas de l’économie sociale pour gagner moins, mais pour décider ensemble.",
    "Notre meilleure publicité, ce sont les personnes que nous avons accompagnées.",
    "Coopérer prend du temps, mais ce temps-là n’est jamais perdu.",
]

PRESS_SOURCES = ["Le Quotidien solidaire", "Ouest-Solidaire", "La Gazette des territoires", "Alternatives et Co"]

SMALL_COUNT = 200
FULL_COUNT = 40_000
BATCH_SIZE = 2000
IMAGE_COUNT = 24


def seed(scale: str, stdout) -> None:
    home = site_root()
    if home is None:
        stdout.write("Magazine : pas de page d’accueil, rien à faire.")
        return
    index = ensure_magazine(home, stdout)
    rubriques = [ensure_rubrique(index, slug, title, intro) for slug, title, intro in RUBRIQUES]
    authors = [ensure_author(name, bio) for name, bio in AUTHORS]
    ensure_press_review()
    target = SMALL_COUNT + (FULL_COUNT if scale == "full" else 0)
    existing = ArticlePage.objects.filter(rubrique__in=rubriques).count()
    if existing >= target:
        stdout.write(f"Magazine : {existing} articles déjà présents.")
        return
    created = create_articles(rubriques, authors, start=existing, count=target - existing)
    stdout.write(f"Magazine : {created} articles créés ({existing + created} au total).")


def ensure_magazine(home, stdout) -> MagazineIndexPage:
    index = MagazineIndexPage.objects.child_of(home).first()
    if index is None:
        index = MagazineIndexPage(
            title="Magazine",
            slug="magazine",
            show_in_menus=True,
            intro="L’actualité de l’économie sociale et solidaire, chaque jour.",
            search_description="Le magazine de l’économie sociale et solidaire : actualité, emploi, conseils.",
        )
        home.add_child(instance=index)
        stdout.write("Magazine créé.")
    return index


def ensure_rubrique(index, slug, title, intro) -> RubriquePage:
    rubrique = RubriquePage.objects.child_of(index).filter(slug=slug).first()
    if rubrique is None:
        rubrique = RubriquePage(title=title, slug=slug, intro=intro)
        index.add_child(instance=rubrique)
    return rubrique


def ensure_author(name, bio) -> Author:
    author, _created = Author.objects.get_or_create(slug=slugify(name), defaults={"name": name, "bio": bio})
    return author


def ensure_press_review() -> None:
    if PressReviewLink.objects.exists():
        return
    rng = random.Random("revue")
    today = timezone.localdate()
    links = []
    for n in range(60):
        structure, action = rng.choice(STRUCTURES), rng.choice(ACTIONS)
        city = rng.choice(CITIES)[0]
        links.append(
            PressReviewLink(
                title=f"À {city}, {structure[0].lower()}{structure[1:]} {action}",
                source=rng.choice(PRESS_SOURCES),
                published_on=today - datetime.timedelta(days=n * 3 + rng.randrange(3)),
                url=f"https://presse.example/{n}-{slugify(structure)}",
            )
        )
    PressReviewLink.objects.bulk_create(links)
    listings_changed()


def article_spec(rng: random.Random, n: int, rubrique_slug: str) -> dict:
    """Title, lead and kind of the n-th demo article."""
    city, _code = rng.choice(CITIES)
    kind = rng.choices(
        [ArticleKind.ARTICLE, ArticleKind.INTERVIEW, ArticleKind.TRIBUNE, ArticleKind.PRESS_RELEASE],
        weights=[70, 12, 8, 10],
    )[0]
    if rubrique_slug == "conseil":
        title = f"{rng.choice(CONSEIL_TITLES)} ({n})"
        lead = "Nos repères pratiques pour les structures de l’ESS, vérifiés par un juriste."
    elif kind == ArticleKind.INTERVIEW:
        person, role = rng.choice(PEOPLE)
        title = f"{person}, {role} : « Il faut parler de {rng.choice(TOPICS)} »"
        lead = f"Entretien avec {person}, à {city}, sur ce qui change pour les structures de l’ESS."
    elif kind == ArticleKind.TRIBUNE:
        title = f"Tribune : pour une autre approche de {rng.choice(TOPICS)}"
        lead = "Un collectif d’acteurs de l’économie sociale et solidaire appelle les pouvoirs publics à agir."
    elif kind == ArticleKind.PRESS_RELEASE:
        structure = rng.choice(STRUCTURES)
        title = f"Communiqué : {structure[0].lower()}{structure[1:]} de {city} {rng.choice(ACTIONS)}"
        lead = "Communiqué transmis à la rédaction et publié tel quel."
    else:
        structure = rng.choice(STRUCTURES)
        title = f"À {city}, {structure[0].lower()}{structure[1:]} {rng.choice(ACTIONS)}"
        lead = (
            f"À {city}, {structure[0].lower()}{structure[1:]} montre comment l’économie sociale et solidaire "
            f"répond aux besoins du territoire. Reportage."
        )
    return {"title": title, "lead": lead, "kind": kind, "city": city}


def article_body(rng: random.Random) -> list:
    paragraphs = rng.sample(PARAGRAPHS, 4)
    return [
        ("paragraph", RichText(f"<p>{paragraphs[0]}</p>")),
        ("paragraph", RichText(f"<p>{paragraphs[1]}</p>")),
        ("heading", {"text": "Un projet construit avec le territoire", "level": "h2"}),
        ("paragraph", RichText(f"<p>{paragraphs[2]}</p>")),
        ("quote", {"quote": rng.choice(QUOTES), "author": rng.choice(PEOPLE)[0]}),
        ("paragraph", RichText(f"<p>{paragraphs[3]}</p>")),
        (
            "callout",
            {
                "title": "En chiffres",
                "text": RichText(f"<p>{rng.randrange(8, 60)} salarié·es, {rng.randrange(50, 900)} sociétaires.</p>"),
            },
        ),
    ]


def create_articles(rubriques, authors, start: int, count: int) -> int:
    """Insert `count` articles in bulk, spread over the rubriques and the months before today."""
    rng = random.Random(f"magazine-{start}")
    departements = {d.code: d for d in Departement.objects.filter(code__in=[code for _c, code in CITIES])}
    sectors = list(Sector.objects.all())
    organisations = list(Organisation.objects.order_by("pk").values_list("pk", flat=True)[:20])
    images = [demo_image(f"Illustration du magazine {n + 1}", f"magazine-{n}") for n in range(IMAGE_COUNT)]
    body_field = ArticlePage._meta.get_field("body")
    bodies = [body_field.get_db_prep_save(ArticlePage(body=article_body(rng)).body, connection) for _ in range(12)]
    tags = {}
    for name in TAGS:
        tags[name] = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    now = timezone.now()
    # The newest articles come first in the archive: 15 a day over the last years at full scale.
    spacing = datetime.timedelta(minutes=96)
    created = 0
    steps = {rubrique.pk: next_child_step(rubrique) for rubrique in rubriques}
    while created < count:
        batch = min(BATCH_SIZE, count - created)
        pages, specifics, relations = [], [], []
        for _ in range(batch):
            n = start + created + len(pages)
            rubrique = rubriques[n % len(rubriques)]
            spec = article_spec(rng, n, rubrique.slug)
            published = now - spacing * n - datetime.timedelta(minutes=rng.randrange(60))
            slug = f"{slugify(spec['title'])[:70].strip('-')}-{n + 1}"
            steps[rubrique.pk] += 1
            path = ArticlePage._get_path(rubrique.path, rubrique.depth + 1, steps[rubrique.pk])
            page = Page(
                title=spec["title"],
                draft_title=spec["title"],
                slug=slug,
                content_type=content_type,
                path=path,
                depth=rubrique.depth + 1,
                numchild=0,
                url_path=f"{rubrique.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=published,
                last_published_at=published,
                locale=locale,
                translation_key=uuid.uuid4(),
            )
            pages.append(page)
            featured = n < 6
            image = images[n % len(images)] if n % 3 != 2 else None
            specifics.append(
                {
                    "rubrique_id": rubrique.pk,
                    "lead": spec["lead"],
                    "body": bodies[n % len(bodies)],
                    "main_image_id": image.pk if image else None,
                    "main_image_alt": "Illustration : formes colorées sur fond vert" if image else "",
                    "publication_date": published,
                    "kind": spec["kind"],
                    "source_organisation_id": (
                        rng.choice(organisations)
                        if spec["kind"] == ArticleKind.PRESS_RELEASE and organisations
                        else None
                    ),
                    "source_name": "Agence Coopérative de Presse" if spec["kind"] == ArticleKind.PRESS_RELEASE else "",
                    "is_featured": featured,
                    "featured_order": n if featured else 0,
                    "reading_minutes": rng.randrange(2, 7),
                    "is_listed": True,
                }
            )
            code = dict(CITIES)[spec["city"]]
            departement = departements.get(code)
            relations.append(
                {
                    "authors": rng.sample(authors, rng.choice([1, 1, 2])),
                    "tags": rng.sample(list(tags.values()), rng.randrange(1, 4)),
                    "departement": departement,
                    "sectors": rng.sample(sectors, min(len(sectors), rng.randrange(0, 3))),
                }
            )
        Page.objects.bulk_create(pages, batch_size=500)
        insert_specific_rows(pages, specifics)
        insert_relations(pages, relations)
        created += batch
    for rubrique in rubriques:
        numchild = Page.objects.filter(path__startswith=rubrique.path, depth=rubrique.depth + 1).count()
        Page.objects.filter(pk=rubrique.pk).update(numchild=numchild)
    # Inserted as listed: those under a view restriction (a rubrique made private since) are not.
    ArticlePage.objects.filter(rubrique__in=rubriques).refresh_listed()
    update_search_index(start)
    listings_changed()
    return created


def next_child_step(parent) -> int:
    last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("-path").first()
    return Page._str2int(last.path[-Page.steplen :]) if last is not None else 0


def insert_specific_rows(pages, specifics) -> None:
    """Insert the `magazine_articlepage` rows of pages created in bulk (Django cannot bulk-create a
    multi-table child), with every other column at its default."""
    fields = list(ArticlePage._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(ArticlePage._meta.db_table)
    # Only quoted model column names are interpolated; every value is a query parameter.
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    rows = []
    for page, values in zip(pages, specifics, strict=True):
        body = values.pop("body")
        article = ArticlePage(page_ptr_id=page.pk, **values)
        values["body"] = body
        row = []
        for field in fields:
            if field.name == "body":
                row.append(values["body"])
            else:
                row.append(field.get_db_prep_save(field.pre_save(article, True), connection))
        rows.append(row)
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def insert_relations(pages, relations) -> None:
    authors_through = ArticlePage.authors.through
    departements_through = ArticlePage.departements.through
    regions_through = ArticlePage.regions.through
    sectors_through = ArticlePage.sectors.through
    author_rows, tag_rows, departement_rows, region_rows, sector_rows = [], [], [], [], []
    for page, relation in zip(pages, relations, strict=True):
        author_rows += [authors_through(articlepage_id=page.pk, author_id=a.pk) for a in relation["authors"]]
        tag_rows += [ArticleTag(content_object_id=page.pk, tag_id=tag.pk) for tag in relation["tags"]]
        sector_rows += [sectors_through(articlepage_id=page.pk, sector_id=s.pk) for s in relation["sectors"]]
        departement = relation["departement"]
        if departement is not None:
            departement_rows.append(departements_through(articlepage_id=page.pk, departement_id=departement.pk))
            region_rows.append(regions_through(articlepage_id=page.pk, region_id=departement.region_id))
    authors_through.objects.bulk_create(author_rows, batch_size=2000)
    ArticleTag.objects.bulk_create(tag_rows, batch_size=2000)
    departements_through.objects.bulk_create(departement_rows, batch_size=2000)
    regions_through.objects.bulk_create(region_rows, batch_size=2000)
    sectors_through.objects.bulk_create(sector_rows, batch_size=2000)


def update_search_index(start: int) -> None:
    """Index the new articles only (what `wagtail update_index` would do for them), in chunks."""
    backend = get_search_backend()
    new_articles = ArticlePage.objects.order_by("pk")
    ids = list(ArticlePage.objects.order_by("pk").values_list("pk", flat=True)[start:])
    for offset in range(0, len(ids), 1000):
        chunk = new_articles.filter(pk__in=ids[offset : offset + 1000]).prefetch_related("tags")
        backend.add_bulk(ArticlePage, list(chunk))
