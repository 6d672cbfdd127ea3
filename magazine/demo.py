"""Demo magazine: the index page, its five rubriques, authors, articles and the revue de presse."""

from home.models import HomePage

from .models import MagazineIndexPage, RubriquePage

RUBRIQUES = [
    ("ess", "ESS", "Coopératives, associations, mutuelles : la vie des structures de l’économie sociale."),
    ("recruteurs", "Recruteurs", "Recruter, former et fidéliser dans l’ESS."),
    ("salaries", "Salariés", "Droits, métiers et parcours des salarié·es de l’ESS."),
    ("agenda", "Agenda", "Les rendez-vous à ne pas manquer."),
    ("conseil", "Conseil", "Gestion, financement, gouvernance : des repères pratiques."),
]


def seed(scale: str, stdout) -> None:
    home = HomePage.objects.first()
    if home is None:
        return
    index = ensure_magazine(home, stdout)
    for slug, title, intro in RUBRIQUES:
        ensure_rubrique(index, slug, title, intro)


def ensure_magazine(home, stdout) -> MagazineIndexPage:
    index = MagazineIndexPage.objects.child_of(home).first()
    if index is None:
        index = MagazineIndexPage(
            title="Magazine",
            slug="magazine",
            show_in_menus=True,
            intro="L’actualité de l’économie sociale et solidaire, chaque jour.",
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
