"""Demo agenda: the index page (events follow)."""

from home.models import HomePage

from .models import AgendaIndexPage


def seed(scale: str, stdout) -> None:
    ensure_agenda_page(stdout)


def ensure_agenda_page(stdout) -> AgendaIndexPage | None:
    home = HomePage.objects.first()
    if home is None:
        return None
    agenda = AgendaIndexPage.objects.child_of(home).first()
    if agenda is None:
        agenda = AgendaIndexPage(
            title="Agenda",
            slug="agenda",
            show_in_menus=True,
            lead="Forums, formations, salons et webinaires de l’économie sociale et solidaire, près de chez vous.",
            search_description="L’agenda de l’ESS : les rendez-vous par mois et par territoire.",
        )
        home.add_child(instance=agenda)
        agenda.save_revision().publish()
        stdout.write("Agenda créé.")
    return agenda
