"""What conseil adds to the directory of organisations (`annuaire.directory`): « Missions de conseil » on
an organisation's page (its missions still taking answers), and the « cherche un·e consultant·e »
activity of the listing. Registered in `ConseilConfig.ready()`; the annuaire never imports conseil."""

from django.db.models import Exists, OuterRef
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from annuaire.directory import (
    OrganisationActivity,
    OrganisationSection,
    SectionItem,
    register_activity,
    register_section,
)

from .missions import missions_index_path
from .models import Mission

MAX_MISSIONS = 10


def open_missions(organisation, request=None) -> list[SectionItem]:
    rows = list(
        Mission.objects.listed()
        .filter(organisation=organisation)
        .only("pk", "slug", "title", "answer_by")
        .order_by("answer_by", "-pk")[:MAX_MISSIONS]
    )
    if not rows:
        return []
    base = missions_index_path()
    if not base:
        return []
    return [
        SectionItem(
            title=mission.title,
            url=f"{base}{mission.url_key}/",
            meta=_("Réponses jusqu’au %(date)s") % {"date": date_format(mission.answer_by, "j F Y")},
        )
        for mission in rows
    ]


def seeks_consultant() -> Exists:
    return Exists(Mission.objects.listed().filter(organisation_id=OuterRef("pk")))


def register() -> None:
    register_section(
        OrganisationSection(key="missions", title=gettext_lazy("Missions de conseil"), items=open_missions, order=30)
    )
    register_activity(
        OrganisationActivity(
            key="cherche-consultant",
            label=gettext_lazy("Cherche un·e consultant·e"),
            badge=gettext_lazy("Mission de conseil"),
            exists=seeks_consultant,
            order=30,
        )
    )
