"""Account operations used by views, features and tests."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import Role, User


@dataclass
class EspaceSection:
    """One block of /espace/: what a role lets the person do, with links as features add them."""

    role: Role
    title: str
    description: str
    links: list[tuple[str, str]] = field(default_factory=list)


def espace_sections(user: User) -> list[EspaceSection]:
    sections = {
        Role.CANDIDATE: EspaceSection(
            Role.CANDIDATE,
            _("Espace candidat·e"),
            _("Votre profil, vos CV, vos candidatures et vos alertes emploi."),
            links=[
                ("/espace/candidat/", _("Mon profil et ma bio")),
                ("/espace/candidat/cv/", _("Mon CV")),
                ("/espace/mes-donnees/", _("Mes données")),
            ],
        ),
        Role.RECRUITER: EspaceSection(
            Role.RECRUITER,
            _("Espace recruteur·se"),
            _("Les offres de votre structure, les candidatures reçues et la CVthèque."),
            links=[
                ("/espace/recruteur/", _("Mes offres d’emploi")),
                ("/espace/recruteur/offres/nouvelle/", _("Publier une offre")),
                ("/espace/structures/", _("Mes structures")),
                ("/agenda/proposer/", _("Proposer un événement à l’agenda")),
                ("/espace/missions/", _("Mes missions de conseil")),
            ],
        ),
        Role.CONSULTANT: EspaceSection(
            Role.CONSULTANT,
            _("Espace consultant·e"),
            _("Votre fiche dans l’annuaire des consultant·es et les missions proposées."),
            links=[
                ("/espace/consultant/", _("Ma fiche consultant·e")),
                ("/espace/consultant/propositions/", _("Mes propositions")),
                ("/conseil/missions/", _("Les missions ouvertes")),
                ("/espace/messages/", _("Mes messages")),
            ],
        ),
        Role.EDITOR: EspaceSection(
            Role.EDITOR,
            _("Rédaction"),
            _("Écrire, relire et publier les contenus du site, modérer les propositions."),
            links=[("/admin/", _("Ouvrir l’administration"))],
        ),
    }
    return [sections[role] for role in user.roles]


def set_self_service_roles(user: User, roles: list[str]) -> None:
    """Set the roles a person may give themselves (the editor role is granted by an administrator)."""
    user.is_candidate = Role.CANDIDATE in roles
    user.is_recruiter = Role.RECRUITER in roles
    user.is_consultant = Role.CONSULTANT in roles
    user.save(update_fields=["is_candidate", "is_recruiter", "is_consultant"])
