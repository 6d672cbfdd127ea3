"""What the walking suite sends, where, and what it checks.

Every URL of the configuration (`django.urls.get_resolver()`, recursively; under /admin/ only the project's
own views), every sub-route of the routable page models and every page model of the project's apps is
either in `ENDPOINTS`, which says how to reach it (its arguments, who is signed in, the query parameters it
reads, its form and valid values), or in `SKIPPED` with the reason. A URL added later and in neither makes
`test_catalogue.py` fail with its name.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account import forms as allauth_forms
from django import forms
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import get_page_models

from accounts.forms import DeleteAccountForm, RolesForm, SignupForm
from accounts.message_forms import MessageForm
from accounts.messaging import notifications_token
from agenda.admin_views import IcsImportForm
from agenda.forms import EventFilterForm
from agenda.submission_forms import EventPhotosForm, EventSubmissionForm
from annuaire.filters import OrganisationFilterForm
from annuaire.forms import (
    MembershipDecisionForm,
    OrganisationContactForm,
    OrganisationForm,
    OrganisationPageForm,
    OrganisationSearchForm,
)
from association.forms import ContactRequestForm, ConvocationForm, MembershipForm
from association.models import Membership
from conseil.filters import ConsultantFilterForm, MissionFilterForm
from conseil.forms import (
    ConsultantProfileForm,
    ConsultantReferenceForm,
    MissionForm,
    ProposalEditForm,
    ProposalForm,
    VerificationRefusalForm,
    VerificationWithdrawalForm,
)
from conseil.missions import unsubscribe_token
from conseil.models import Expertise, Mission, Proposal
from core.forms import LINE_MAX_LENGTH
from emploi import applications
from emploi.admin_candidates import HideBioForm
from emploi.filters import OfferFilterForm
from emploi.forms import ApplicationDecisionForm, ApplicationForm, FeedbackForm, JobOfferForm, RefusalForm
from emploi.forms_candidates import BioSettingsForm, CandidateProfileForm, CandidateSignupForm, CVEntryForm
from emploi.models import OfferApplication
from magazine.press.forms import PressReleaseForm
from newsletter.admin_views import CsvImportForm, ScheduleForm
from newsletter.forms import PreferencesForm
from newsletter.forms import SignupForm as NewsletterSignupForm
from newsletter.tokens import preferences_token
from reference.forms import CommuneField
from tests.agenda.submit_support import event_post, picture_upload
from tests.annuaire.test_recruiter_flows import organisation_data
from tests.conseil.factories import profile_form_data
from tests.core.test_column_limits import local_apps
from tests.emploi.conftest import offer_form_data
from tests.factories import TEST_PASSWORD, luhn_siret
from tests.magazine.press_support import form_data as press_release_data

from .world import World

# The project's own packages: its apps (those at the top of the repository) and the Django project.
LOCAL_APPS = tuple(sorted({config.name.split(".")[0] for config in local_apps()} | {"config"}))

# --- What is sent ---------------------------------------------------------------------------------------

INT_PAST = 2_147_483_648  # one past PostgreSQL's integer
SCRIPT = '<script>alert("walk")</script>'
IMG = '<img src=x onerror=alert("walk")>'
MARKUP = SCRIPT + IMG
RAW_MARKERS = ('<script>alert("walk")', "<img src=x onerror")  # what must never come back unescaped
URL_MARKUP = 'https://exemple.test/"><script>alert("walk")</script>'
NUL = "a\x00b"
CONTROL = "a\x01\x02\x07\x08\x0b\x0c\x1b\x7f\u0085b"
RTL = "\u202egpj.exe\u202c"
SQLISH = "%_\\'\";--"

# The query string of a GET endpoint: each payload in every parameter it reads at once.
QUERY_PAYLOADS = {
    "nul": NUL,
    "control": CONTROL + RTL,
    "markup": MARKUP + SQLISH,
    "past_int": str(INT_PAST),
    "below_int": str(-INT_PAST - 1),
}
LIGHT_QUERY_PAYLOADS = ("nul", "markup")
LIGHT_PARAMS = ("q", "page")


def mission_form_data(world) -> dict:
    return {
        "organisation": str(world.organisation.pk),
        "title": "Diagnostic partagé",
        "need": "Consolider notre modèle économique.",
        "deliverables": "Un plan d’action.",
        "expertises": [str(Expertise.objects.get(slug="strategie").pk)],
        "budget_min": "2000",
        "budget_max": "4000",
        "answer_by": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
    }


def paid_membership(world: World) -> Membership:
    """The member's paid membership of this year (its attestation is walked)."""
    membership, _created = Membership.objects.get_or_create(
        user=world.member,
        year=timezone.localdate().year,
        defaults={"category": "individual", "tier": "solidarity", "fee": 0, "display_name": "Jeanne Martin"},
    )
    Membership.objects.filter(pk=membership.pk).update(status=Membership.Status.PAID)
    return membership


def members_permission(world: World) -> dict:
    """Gives the moderator the permission to read the members (the assembly's views); no URL argument."""
    world.moderator.user_permissions.add(Permission.objects.get(codename="view_members"))
    return {}


def filter_params(form_class) -> tuple[str, ...]:
    return tuple(form_class.base_fields)


# --- What is checked --------------------------------------------------------------------------------------


def problems_of(response, what: str, unavailable_ok: bool = False) -> list[str]:
    """A server error, markup of ours back unescaped in a page or feed, or a redirect off the site."""
    found = []
    if response.status_code >= 500 and not (unavailable_ok and response.status_code == 503):
        found.append(f"{what}: {response.status_code}")
        return found
    content_type = response.get("Content-Type", "")
    if any(kind in content_type for kind in ("html", "xml", "text/plain", "calendar")) and not getattr(
        response, "streaming", False
    ):
        body = response.content.decode("utf-8", "replace")
        for marker in RAW_MARKERS:
            if marker in body:
                found.append(f"{what}: {marker!r} unescaped in the page")
    if 300 <= response.status_code < 400:
        location = response.get("Location", "")
        parts = urlsplit(location)
        if (
            location.startswith("//")
            or parts.scheme not in ("", "http", "https")
            or parts.netloc
            not in (
                "",
                "testserver",
                "localhost",
            )
        ):
            found.append(f"{what}: redirect off the site to {location!r}")
    return found


# --- The forms --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormSpec:
    """A form view: the form (unbound, to read its fields) and values it accepts."""

    form: Callable[[World], forms.BaseForm] | None
    valid: Callable[[World], dict] = lambda world: {}
    files: Callable[[World], dict] = lambda world: {}


def with_inline_form(form: forms.BaseForm, inline: forms.BaseForm, prefix: str) -> forms.BaseForm:
    """`form` with the fields of the first form of its inline formset, named as they are posted
    (`prefix-0-field`): the walk sends its bad values to both. `walked_forms` names the inline form."""
    form.fields.update({f"{prefix}-0-{name}": field for name, field in inline.fields.items()})
    form.walked_forms = (type(inline),)
    return form


def also_walks(form: forms.BaseForm, *bases) -> forms.BaseForm:
    """`form`, counted as walking its base classes too (the sign-up form extends accounts' own)."""
    form.walked_forms = bases
    return form


HONEYPOT = "contact_nickname"  # filled in, the whole form is refused as a robot's: left empty


def field_kinds(form: forms.BaseForm | None) -> dict[str, tuple[str, object]]:
    """Each field's kind for the payloads ("text", "email", "url", "int", "pk", "commune", "other") and its
    limit (maximum length or value)."""
    kinds = {}
    for name, form_field in form.fields.items() if form is not None else []:
        if name == HONEYPOT:
            kinds[name] = ("other", None)
        elif isinstance(form_field, forms.EmailField):
            kinds[name] = ("email", form_field.max_length)
        elif isinstance(form_field, forms.URLField):
            kinds[name] = ("url", form_field.max_length)
        elif isinstance(form_field, forms.CharField):
            kinds[name] = ("text", form_field.max_length)
        elif isinstance(form_field, CommuneField):
            kinds[name] = ("commune", None)
        elif isinstance(form_field, forms.IntegerField) and not isinstance(
            form_field, (forms.FloatField, forms.DecimalField)
        ):
            kinds[name] = ("int", (form_field.min_value, form_field.max_value))
        elif isinstance(form_field, (forms.ModelChoiceField, forms.ModelMultipleChoiceField)):
            kinds[name] = ("pk", None)
        elif isinstance(form_field, forms.TypedChoiceField) and form_field.coerce is int:
            kinds[name] = ("pk", None)
        else:
            kinds[name] = ("other", None)
    return kinds


def field_payloads(kind: str, limit, valid_value) -> Iterator[tuple[str, str]]:
    """The bad values one field gets, each sent with valid values in every other field (so that the form
    would otherwise be accepted: a value past a column must be refused by the form, not by the database)."""
    typed = f"{valid_value} " if isinstance(valid_value, str) and valid_value else ""
    if kind == "text":
        yield "control", typed + CONTROL + RTL
        yield "markup", typed + MARKUP
        yield "over", "a" * ((limit or LINE_MAX_LENGTH) + 1)
    elif kind == "url":
        yield "markup", URL_MARKUP
        base = "https://exemple.test/"
        yield "over", base + "a" * ((limit or 2000) + 1 - len(base))
    elif kind == "email":
        yield "over", "a" * ((limit or 254) + 1 - len("@x.org")) + "@x.org"
    elif kind == "commune":
        yield "control", CONTROL + RTL
        yield "over", "a" * (LINE_MAX_LENGTH + 1)
    elif kind == "int":
        low, high = limit
        yield "over", str((high if high is not None else INT_PAST - 1) + 1)
        yield "below", str((low if low is not None else -INT_PAST) - 1)
    elif kind == "pk":
        yield "past_int", str(INT_PAST)


def post_variants(kinds: dict, valid: dict) -> Iterator[tuple[str, dict]]:
    """What replaces valid values: NUL everywhere at once, then each field's bad values one field at a time;
    a field no form has too."""
    text = [name for name, (kind, _limit) in kinds.items() if kind in ("text", "email", "url", "commune")]
    yield "nul", {**dict.fromkeys(text, NUL), "unexpected": NUL}
    yield "unexpected", {"unexpected": MARKUP + CONTROL, "x" * 300: "9" * 40}
    for name, (kind, limit) in kinds.items():
        for label, payload in field_payloads(kind, limit, valid.get(name)):
            yield f"{name}: {label}", {name: payload}


# --- The catalogue ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """How to reach one URL: by its name and arguments (`kwargs`/`args`), or a page route's `url`."""

    kwargs: Callable[[World], dict] = lambda world: {}
    args: Callable[[World], list] | None = None
    url: Callable[[World], str] | None = None
    user: str | None = None
    params: tuple[str, ...] = ()  # query parameters the view reads
    form: FormSpec | None = None
    shows: Callable[[World], list[tuple[str | None, str]]] = lambda world: []  # where stored values come back
    also: Callable[[World], list[str]] = lambda world: []  # more addresses to try (bad paths)
    before_post: Callable[[World], None] = lambda world: None  # undo what an accepted post blocks
    unavailable_ok: bool = False  # a 503 is an answer by design (the health check of a missing service)

    def address(self, name: str, world: World) -> str:
        if self.url is not None:
            return self.url(world)
        if self.args is not None:
            return reverse(name, args=self.args(world))
        return reverse(name, kwargs=self.kwargs(world))


def route(page_attr: str, name: str, *args) -> Callable[[World], str]:
    def build(world: World) -> str:
        page = getattr(world, page_attr)
        return page.url + page.reverse_subpage(name, args=[arg(world) if callable(arg) else arg for arg in args])

    return build


def offer_path(offer_attr: str, suffix: str = "") -> Callable[[World], str]:
    def build(world: World) -> str:
        offer = getattr(world, offer_attr)
        return f"{world.offers_page.url}{offer.slug}-{offer.pk}/{suffix}"

    return build


def offer_fields(world: World) -> dict:
    return offer_form_data(world.organisation)


SERIAL = itertools.count(1)


def organisation_fields(world: World) -> dict:
    """A new organisation each time (a SIRET already on the site is refused before anything else)."""
    return organisation_data(siret=luhn_siret(900_000 + next(SERIAL)))


def press_release_fields(world: World) -> dict:
    """A new sender each time (the same release twice from one address is taken as a duplicate)."""
    return press_release_data(contact_email=f"presse{next(SERIAL)}@cooperative.test")


OFFER_FILTERS = filter_params(OfferFilterForm)
EVENT_FILTERS = filter_params(EventFilterForm)
PAGE = ("page",)
NO_SUCH = "jeton-inconnu"

ENDPOINTS: dict[str, Endpoint] = {
    # -- allauth: sign-in, sign-up, addresses and passwords --
    "account_login": Endpoint(
        params=("next",),
        form=FormSpec(
            lambda w: allauth_forms.LoginForm(),
            lambda w: {"login": w.candidate.email, "password": "pas-le-bon", "remember": ""},
        ),
    ),
    "account_logout": Endpoint(user="candidate", form=FormSpec(None)),
    "account_inactive": Endpoint(),
    "account_signup": Endpoint(
        params=("next",),
        form=FormSpec(
            lambda w: also_walks(CandidateSignupForm(), SignupForm),
            lambda w: {
                "first_name": "Camille",
                "last_name": "Roussel",
                "email": "camille.walk@exemple.test",
                "password1": "une-phrase-secrete-42",
                "password2": "une-phrase-secrete-42",
                "roles": ["candidate"],
            },
        ),
    ),
    "account_reauthenticate": Endpoint(
        user="candidate",
        form=FormSpec(lambda w: allauth_forms.ReauthenticateForm(user=w.candidate), lambda w: {"password": "non"}),
    ),
    "account_email": Endpoint(
        user="candidate",
        form=FormSpec(
            lambda w: allauth_forms.AddEmailForm(user=w.candidate),
            lambda w: {"email": "autre.walk@exemple.test", "action_add": ""},
        ),
    ),
    "account_email_verification_sent": Endpoint(),
    "account_change_password": Endpoint(
        user="candidate",
        form=FormSpec(
            lambda w: allauth_forms.ChangePasswordForm(user=w.candidate),
            lambda w: {"oldpassword": TEST_PASSWORD, "password1": "x", "password2": "y"},
        ),
    ),
    "account_set_password": Endpoint(user="candidate", form=FormSpec(None)),
    "account_reset_password": Endpoint(
        form=FormSpec(lambda w: allauth_forms.ResetPasswordForm(), lambda w: {"email": w.candidate.email})
    ),
    "account_confirm_login_code": Endpoint(form=FormSpec(None, lambda w: {"code": "ABCDEF"})),
    "account_confirm_email": Endpoint(kwargs=lambda w: {"key": NO_SUCH}, form=FormSpec(None)),
    "account_reset_password_from_key_done": Endpoint(),
    "account_reset_password_from_key": Endpoint(
        kwargs=lambda w: {"uidb36": "zz", "key": NO_SUCH},
        form=FormSpec(None, lambda w: {"password1": "une-phrase-secrete-42", "password2": "une-phrase-secrete-42"}),
    ),
    "account_reset_password_done": Endpoint(),
    "account_request_login_code": Endpoint(
        form=FormSpec(lambda w: allauth_forms.RequestLoginCodeForm(), lambda w: {"email": w.candidate.email})
    ),
    # -- the recruiter's space --
    "emploi:space": Endpoint(user="member", params=PAGE),
    "emploi:offer_create": Endpoint(
        user="member",
        params=("structure",),
        form=FormSpec(lambda w: JobOfferForm(user=w.member), offer_fields),
        shows=lambda w: [("member", reverse("emploi:space"))],
    ),
    "emploi:offer_detail": Endpoint(user="member", kwargs=lambda w: {"pk": w.draft.pk}),
    "emploi:offer_edit": Endpoint(
        user="member",
        kwargs=lambda w: {"pk": w.draft.pk},
        form=FormSpec(lambda w: JobOfferForm(user=w.member, instance=w.draft), offer_fields),
        shows=lambda w: [("member", reverse("emploi:offer_detail", args=[w.draft.pk]))],
    ),
    "emploi:offer_submit": Endpoint(user="member", kwargs=lambda w: {"pk": w.draft.pk}, form=FormSpec(None)),
    "emploi:offer_duplicate": Endpoint(user="member", kwargs=lambda w: {"pk": w.published.pk}, form=FormSpec(None)),
    "emploi:offer_withdraw": Endpoint(user="member", kwargs=lambda w: {"pk": w.submitted.pk}, form=FormSpec(None)),
    "emploi:offer_close": Endpoint(user="member", kwargs=lambda w: {"pk": w.published.pk}, form=FormSpec(None)),
    "emploi:feedback": Endpoint(
        kwargs=lambda w: {"token": w.feedback_token},
        form=FormSpec(lambda w: FeedbackForm(), lambda w: {"was_filled": "yes", "filled_through_site": "yes"}),
        also=lambda w: [reverse("emploi:feedback", args=[NO_SUCH])],
    ),
    # -- organisations --
    "annuaire:organisations": Endpoint(user="member"),
    "annuaire:create": Endpoint(
        user="member",
        form=FormSpec(lambda w: OrganisationForm(), organisation_fields),
        shows=lambda w: [("member", reverse("annuaire:organisations"))],
    ),
    "annuaire:find": Endpoint(user="member", params=filter_params(OrganisationSearchForm)),
    "annuaire:join": Endpoint(user="member", kwargs=lambda w: {"pk": w.other_organisation.pk}, form=FormSpec(None)),
    "annuaire:edit": Endpoint(
        user="member",
        kwargs=lambda w: {"pk": w.organisation.pk},
        form=FormSpec(
            lambda w: OrganisationPageForm(instance=w.organisation),
            lambda w: {"commune": "Lyon (69)", "description": "Maraîchage et cantines."},
        ),
        shows=lambda w: [(None, f"{w.directory.url}{w.organisation.slug}/")],
        also=lambda w: [reverse("annuaire:edit", args=[w.other_organisation.pk])],
    ),
    "annuaire:decide": Endpoint(
        user="member",
        kwargs=lambda w: {"pk": w.request.pk},
        form=FormSpec(lambda w: MembershipDecisionForm(), lambda w: {"decision": "refuse"}),
    ),
    # -- personal space --
    "espace": Endpoint(user="candidate"),
    "espace_roles": Endpoint(
        user="candidate",
        form=FormSpec(lambda w: RolesForm(), lambda w: {"roles": ["candidate"]}),
        shows=lambda w: [("candidate", reverse("espace"))],
    ),
    "messages_list": Endpoint(user="candidate", params=PAGE),
    "messages_thread": Endpoint(
        user="candidate",
        kwargs=lambda w: {"pk": w.thread.pk},
        form=FormSpec(lambda w: MessageForm(), lambda w: {"body": "Avec plaisir."}),
        shows=lambda w: [("candidate", w.thread.get_absolute_url()), ("member", reverse("messages_list"))],
    ),
    "message_notifications_off": Endpoint(
        kwargs=lambda w: {"token": notifications_token(w.user("candidate"))}, form=FormSpec(None)
    ),
    "message_notifications_setting": Endpoint(user="candidate", form=FormSpec(None)),
    # -- consultants --
    "conseil:profile_edit": Endpoint(
        user="consultant",
        form=FormSpec(
            lambda w: with_inline_form(ConsultantProfileForm(), ConsultantReferenceForm(), "references"),
            lambda w: profile_form_data(),
        ),
        shows=lambda w: [("consultant", reverse("conseil:profile_edit"))],
    ),
    "conseil:ask_verification": Endpoint(user="consultant", form=FormSpec(None)),
    "wagtailsnippets_conseil_consultantprofile:verify": Endpoint(
        user="moderator",
        kwargs=lambda w: {"pk": w.consultant_profile.pk},
        # VerificationWithdrawalForm (action "withdraw", on a verified profile) is this form's one field under
        # another label; its bad input is tested in tests/conseil/test_admin.py.
        form=FormSpec(
            lambda w: also_walks(VerificationRefusalForm(), VerificationWithdrawalForm),
            lambda w: {"action": "refuse", "reason": "Références à préciser."},
        ),
    ),
    "wagtailsnippets_conseil_consultantprofile:queue": Endpoint(user="moderator", params=("p", "q", "ordering")),
    # -- missions (conseil) --
    "missions:space": Endpoint(user="member"),
    "missions:create": Endpoint(
        user="member",
        form=FormSpec(lambda w: MissionForm(organisations=[w.organisation]), lambda w: mission_form_data(w)),
        shows=lambda w: [("member", reverse("missions:space"))],
    ),
    "missions:detail": Endpoint(user="member", kwargs=lambda w: {"pk": w.mission.pk}),
    "missions:edit": Endpoint(
        user="member",
        kwargs=lambda w: {"pk": w.submitted_mission.pk},
        form=FormSpec(lambda w: MissionForm(organisations=[w.organisation]), lambda w: mission_form_data(w)),
        shows=lambda w: [("member", reverse("missions:detail", args=[w.submitted_mission.pk]))],
    ),
    "missions:close": Endpoint(
        user="member",
        kwargs=lambda w: {"pk": w.mission.pk},
        params=("proposition",),
        form=FormSpec(None, lambda w: {"proposition": str(w.proposal.pk)}),
        before_post=lambda w: Mission.objects.filter(pk=w.mission.pk).update(status="published"),
    ),
    "missions:shortlist": Endpoint(
        user="member",
        kwargs=lambda w: {"pk": w.mission.pk, "proposal_pk": w.proposal.pk},
        form=FormSpec(None, lambda w: {"shortlisted": "1"}),
        before_post=lambda w: Mission.objects.filter(pk=w.mission.pk).update(status="published"),
    ),
    "missions:attachment": Endpoint(user="member", kwargs=lambda w: {"pk": w.mission.pk, "proposal_pk": w.proposal.pk}),
    "missions:withdraw": Endpoint(
        user="member",
        kwargs=lambda w: {"pk": w.withdrawn_mission.pk},
        form=FormSpec(None),
        before_post=lambda w: Mission.objects.filter(pk=w.withdrawn_mission.pk).update(status="published"),
    ),
    "conseil:my_proposals": Endpoint(user="consultant"),
    "conseil:my_proposal_attachment": Endpoint(user="consultant", kwargs=lambda w: {"pk": w.own_proposal.pk}),
    "conseil:proposal_edit": Endpoint(
        user="consultant",
        kwargs=lambda w: {"pk": w.own_proposal.pk},
        form=FormSpec(lambda w: ProposalEditForm(has_attachment=True), lambda w: {"message": "Ma démarche revue."}),
        shows=lambda w: [("consultant", reverse("conseil:my_proposals"))],
    ),
    "conseil:proposal_withdraw": Endpoint(
        user="consultant",
        kwargs=lambda w: {"pk": w.own_proposal.pk},
        form=FormSpec(None),
        # The withdrawal deletes the proposal: put it back for the next post.
        before_post=lambda w: Proposal.objects.get_or_create(
            pk=w.own_proposal.pk,
            defaults={"mission": w.own_proposal.mission, "consultant": w.consultant_profile, "message": "Bonjour"},
        ),
    ),
    "conseil:mission_alerts_off": Endpoint(
        kwargs=lambda w: {"token": unsubscribe_token(w.consultant_profile)}, form=FormSpec(None)
    ),
    "wagtailsnippets_conseil_mission:moderate": Endpoint(
        user="moderator",
        kwargs=lambda w: {"pk": w.submitted_mission.pk},
        form=FormSpec(
            lambda w: VerificationRefusalForm(), lambda w: {"action": "refuse", "reason": "Budget à préciser."}
        ),
        before_post=lambda w: Mission.objects.filter(pk=w.submitted_mission.pk).update(status="submitted"),
    ),
    "wagtailsnippets_conseil_mission:queue": Endpoint(user="moderator", params=("p", "q", "ordering")),
    "reference:commune_autocomplete": Endpoint(params=("q",)),
    # -- candidates (issue 23) --
    "emploi_candidate:space": Endpoint(user="candidate"),
    "emploi_candidate:profile": Endpoint(
        user="candidate",
        form=FormSpec(
            lambda w: CandidateProfileForm(),
            lambda w: {"headline": "Animatrice", "bio": "Dix ans d’animation.", "mobility_km": "30"},
        ),
        shows=lambda w: [("candidate", reverse("emploi_candidate:space")), (None, f"/cv/{w.candidate_profile.slug}/")],
    ),
    "emploi_candidate:bio_settings": Endpoint(
        user="candidate",
        form=FormSpec(
            lambda w: BioSettingsForm(w.candidate_profile),
            lambda w: {"slug": w.candidate_profile.slug, "visibility": "public"},
        ),
    ),
    "emploi_candidate:cv": Endpoint(user="candidate"),
    "emploi_candidate:move_section": Endpoint(user="candidate", form=FormSpec(None)),
    "emploi_candidate:entry_add": Endpoint(
        user="candidate",
        kwargs=lambda w: {"section": "volunteering"},
        form=FormSpec(lambda w: CVEntryForm(section="volunteering"), lambda w: {"title": "Trésorière"}),
        shows=lambda w: [("candidate", reverse("emploi_candidate:cv")), (None, f"/cv/{w.candidate_profile.slug}/")],
        also=lambda w: ["/espace/candidat/cv/inconnue/ajouter/"],
    ),
    "emploi_candidate:entry_edit": Endpoint(
        user="candidate",
        kwargs=lambda w: {"pk": w.cv_entry.pk},
        form=FormSpec(lambda w: CVEntryForm(section="experience"), lambda w: {"title": "Coordinatrice"}),
    ),
    "emploi_candidate:entry_delete": Endpoint(
        user="candidate", kwargs=lambda w: {"pk": w.cv_entry_to_delete.pk}, form=FormSpec(None)
    ),
    "emploi_candidate:pdf": Endpoint(user="candidate"),
    "bio": Endpoint(kwargs=lambda w: {"slug": w.candidate_profile.slug}, also=lambda w: ["/cv/%3Cscript%3E/"]),
    "bio_pdf": Endpoint(kwargs=lambda w: {"slug": w.candidate_profile.slug}),
    "emploi_hide_bio": Endpoint(
        user="moderator",
        kwargs=lambda w: {"pk": w.candidate_profile.pk},
        form=FormSpec(lambda w: HideBioForm(), lambda w: {"reason": "Propos injurieux."}),
    ),
    "emploi_candidate:applications": Endpoint(user="candidate"),
    "emploi_candidate:application": Endpoint(user="candidate", kwargs=lambda w: {"pk": w.application.pk}),
    "emploi_candidate:application_withdraw": Endpoint(
        user="candidate", kwargs=lambda w: {"pk": w.application.pk}, form=FormSpec(None)
    ),
    "emploi:offer_applications": Endpoint(
        user="member", kwargs=lambda w: {"pk": w.published.pk}, params=("etat", "page")
    ),
    "emploi:application": Endpoint(
        user="member",
        kwargs=lambda w: {"pk": w.received_application.pk},
        form=FormSpec(
            lambda w: ApplicationDecisionForm(targets=applications.recruiter_targets(w.received_application)),
            lambda w: {"status": "shortlisted", "reason": "Votre parcours nous intéresse."},
        ),
        shows=lambda w: [
            ("member", reverse("emploi:application", args=[w.received_application.pk])),
            ("candidate", reverse("emploi_candidate:application", args=[w.received_application.pk])),
        ],
        before_post=lambda w: OfferApplication.objects.filter(pk=w.received_application.pk).update(status="sent"),
    ),
    "my_data": Endpoint(user="candidate"),
    "my_data_export": Endpoint(user="candidate"),
    "delete_account": Endpoint(
        user="candidate",
        form=FormSpec(lambda w: DeleteAccountForm(w.candidate), lambda w: {"password": "pas-le-bon", "confirm": "on"}),
    ),
    # -- the association (issue 24) --
    "core_audience": Endpoint(user="editor", params=("jours", "chemin")),
    "association:join": Endpoint(
        user="candidate",
        form=FormSpec(
            lambda w: MembershipForm(),
            lambda w: {
                "category": "association_small",
                "tier": "standard",
                "fee": "40",
                "display_name": "Les Jardins partagés",
                "representative": "Aïcha Benali",
            },
        ),
        shows=lambda w: [("candidate", reverse("association:space"))],
        before_post=lambda w: Membership.objects.filter(user=w.candidate).delete(),
    ),
    "association:space": Endpoint(user="candidate"),
    "association:attestation": Endpoint(user="member", kwargs=lambda w: {"pk": paid_membership(w).pk}),
    "association:helloasso_webhook": Endpoint(form=FormSpec(None)),
    "association:correspondents": Endpoint(),
    "association:contact": Endpoint(
        form=FormSpec(
            lambda w: ContactRequestForm(),
            lambda w: {
                "name": "Martine",
                "who": "person",
                "reason": "Bonjour",
                "channel": "phone",
                "phone": "0612345678",
            },
        ),
    ),
    "association:contact_thanks": Endpoint(),
    # The moderator is given `association.view_members` (refusals are tested in tests/association).
    "association:assembly": Endpoint(
        user="moderator",
        kwargs=members_permission,
        params=("on",),
        form=FormSpec(
            lambda w: ConvocationForm(),
            lambda w: {"on": "2026-12-31", "subject": "Assemblée générale", "text": "Ordre du jour."},
        ),
    ),
    "association:assembly_csv": Endpoint(user="moderator", kwargs=members_permission, params=("on",)),
    "association:assembly_sign_in_sheet": Endpoint(user="moderator", kwargs=members_permission, params=("on",)),
    "association:assembly_proxy_form": Endpoint(user="moderator", kwargs=members_permission, params=("on",)),
    # -- agenda --
    "agenda:submission_propose": Endpoint(
        form=FormSpec(lambda w: EventSubmissionForm(), lambda w: event_post()),
    ),
    "agenda:submission_done": Endpoint(params=("confirmation",)),
    "agenda:submission_confirm": Endpoint(kwargs=lambda w: {"token": NO_SUCH}, form=FormSpec(None)),
    "agenda:event_photos": Endpoint(
        user="member",
        kwargs=lambda w: {"pk": w.past_event.pk},
        form=FormSpec(
            lambda w: EventPhotosForm(),
            lambda w: {"alt_text": "Les participants", "caption": "Le forum", "credit": "Coopérative", "rights": "on"},
            lambda w: {"photos": [picture_upload("photo.jpg", width=400, height=300)]},
        ),
        # Photos accepted put the event in moderation, which refuses more until it ends: end it.
        before_post=lambda w: w.past_event.workflow_states.filter(status="in_progress").update(status="cancelled"),
    ),
    "agenda:event_ics": Endpoint(kwargs=lambda w: {"pk": w.event.pk}),
    "agenda:ical": Endpoint(),
    "agenda:ical_region": Endpoint(kwargs=lambda w: {"slug": w.region.slug}),
    "agenda:ical_category": Endpoint(kwargs=lambda w: {"slug": "forum"}),
    "agenda:rss": Endpoint(),
    "agenda:rss_category": Endpoint(kwargs=lambda w: {"category": "forum"}),
    "agenda:rss_region": Endpoint(kwargs=lambda w: {"region": w.region.slug}),
    "agenda:atom": Endpoint(),
    "agenda:atom_category": Endpoint(kwargs=lambda w: {"category": "forum"}),
    "agenda:atom_region": Endpoint(kwargs=lambda w: {"region": w.region.slug}),
    # -- site-wide --
    "robots_txt": Endpoint(),
    "sitemap": Endpoint(params=("p",)),
    "sitemap_section": Endpoint(
        kwargs=lambda w: {"section": "pages"}, params=("p",), also=lambda w: ["/sitemap-inconnue.xml"]
    ),
    "sitemap_html": Endpoint(),
    # -- search --
    "search:search": Endpoint(
        params=("q", "type", "page", "departement", "rubrique", "du", "au", "forme", "region", "contrat"),
        also=lambda w: [
            "/recherche/?q=coop%C3%A9rative&type=offres&departement=69&page=2",
            "/recherche/?q=coop%C3%A9rative&type=articles&rubrique=ess&du=2026-01-01&au=2025-01-01",
            "/recherche/?q=coop%C3%A9rative&type=structures&forme=scic&region=84&departement=2A",
            "/recherche/?q=coop%C3%A9rative&type=offres&contrat=cdd&teletravail=1",
            "/recherche/?q=coop%C3%A9rative&type=evenements&categorie=forum&a_venir=1",
        ],
    ),
    "search:suggestions": Endpoint(params=("q", "format")),
    "search:opensearch": Endpoint(),
    "search_queries_report": Endpoint(user="editor"),
    "favicon.ico": Endpoint(url=lambda w: "/favicon.ico"),
    "health": Endpoint(unavailable_ok=True),
    # -- magazine --
    "magazine:press_release_submit": Endpoint(
        form=FormSpec(lambda w: PressReleaseForm(), press_release_fields),
    ),
    "magazine:press_release_sent": Endpoint(),
    "magazine:press_release_confirm": Endpoint(kwargs=lambda w: {"token": NO_SUCH}, form=FormSpec(None)),
    # -- the project's own admin views --
    "wagtailadmin_login": Endpoint(params=("next",)),
    "wagtailsnippets_emploi_joboffer:moderate": Endpoint(
        user="moderator",
        kwargs=lambda w: {"pk": w.submitted.pk},
        form=FormSpec(lambda w: RefusalForm(), lambda w: {"action": "refuse", "reason": "Il manque le salaire."}),
    ),
    "wagtailsnippets_emploi_joboffer:queue": Endpoint(user="moderator", params=("p", "q", "ordering")),
    "agenda_import": Endpoint(user="editor", form=FormSpec(lambda w: IcsImportForm())),
    # -- the newsletter (public views, its two admin views, its pages) --
    "newsletter:signup": Endpoint(
        params=("depuis",),
        form=FormSpec(
            lambda w: NewsletterSignupForm(),
            lambda w: {"email": f"walk{next(SERIAL)}@exemple.test", "lists": [w.letter.mailing_list_id]},
        ),
    ),
    "newsletter:signup_sent": Endpoint(),
    "newsletter:confirm": Endpoint(kwargs=lambda w: {"token": NO_SUCH}, form=FormSpec(None)),
    "newsletter:preferences": Endpoint(
        kwargs=lambda w: {"token": preferences_token(w.subscriber.pk)},
        form=FormSpec(lambda w: PreferencesForm(), lambda w: {"lists": [w.letter.mailing_list_id]}),
        also=lambda w: [reverse("newsletter:preferences", args=[NO_SUCH])],
    ),
    "newsletter:unsubscribe": Endpoint(kwargs=lambda w: {"token": NO_SUCH}, form=FormSpec(None)),
    "newsletter_send": Endpoint(
        user="editor", kwargs=lambda w: {"pk": w.letter.pk}, form=FormSpec(lambda w: ScheduleForm(), lambda w: {})
    ),
    "newsletter_import": Endpoint(user="editor", form=FormSpec(lambda w: CsvImportForm())),
    "page:newsletter.NewsletterIndexPage": Endpoint(url=lambda w: w.letters.url, params=PAGE),
    "page:newsletter.NewsletterPage": Endpoint(url=lambda w: w.letter.url),
    # -- Wagtail's own public views --
    "wagtaildocs_serve": Endpoint(args=lambda w: [1, "note.pdf"], also=lambda w: [f"/documents/{INT_PAST}/x.pdf"]),
    "wagtaildocs_authenticate_with_password": Endpoint(
        kwargs=lambda w: {"restriction_id": 1}, params=("next",), form=FormSpec(None, lambda w: {"password": "x"})
    ),
    "wagtailcore_authenticate_with_password": Endpoint(
        kwargs=lambda w: {"page_view_restriction_id": 1, "page_id": w.article.pk},
        params=("next",),
        form=FormSpec(None, lambda w: {"password": "x", "return_url": "/"}),
    ),
    "wagtailcore_login": Endpoint(params=("next",)),
    # -- routes of the routable pages --
    "route:emploi.OffersIndexPage:listing": Endpoint(url=route("offers_page", "listing"), params=OFFER_FILTERS),
    "route:emploi.OffersIndexPage:rss": Endpoint(url=route("offers_page", "rss"), params=OFFER_FILTERS),
    "route:emploi.OffersIndexPage:atom": Endpoint(url=route("offers_page", "atom"), params=OFFER_FILTERS),
    "route:emploi.OffersIndexPage:offer": Endpoint(
        url=offer_path("offer"),
        also=lambda w: [f"{w.offers_page.url}x-{INT_PAST}/", f"{w.offers_page.url}x-99999999999999999999/"],
    ),
    "route:emploi.OffersIndexPage:apply": Endpoint(
        url=offer_path("open_offer", "postuler/"),
        form=FormSpec(
            lambda w: ApplicationForm(),
            lambda w: {"name": "Camille Martin", "email": "camille@exemple.test", "message": "Je suis motivée."},
        ),
        shows=lambda w: [("member", reverse("emploi:offer_detail", args=[w.open_offer.pk]))],
        also=lambda w: [f"{w.offers_page.url}x-{INT_PAST}/postuler/"],
    ),
    "route:emploi.OffersIndexPage:partner_rss": Endpoint(
        url=route("offers_page", "partner_rss", lambda w: w.partner.token), params=OFFER_FILTERS
    ),
    "route:emploi.OffersIndexPage:partner_json": Endpoint(
        url=route("offers_page", "partner_json", lambda w: w.partner.token), params=OFFER_FILTERS
    ),
    "route:emploi.OffersIndexPage:partner_widget": Endpoint(
        url=route("offers_page", "partner_widget", lambda w: w.partner.token),
        params=OFFER_FILTERS,
        also=lambda w: [w.offers_page.url + "partenaires/" + NO_SUCH + "/widget/"],
    ),
    "route:emploi.OffersIndexPage:partners_root": Endpoint(url=route("offers_page", "partners_root")),
    "route:annuaire.OrganisationIndexPage:listing": Endpoint(
        url=route("directory", "listing"), params=filter_params(OrganisationFilterForm)
    ),
    "route:annuaire.OrganisationIndexPage:organisation": Endpoint(
        url=lambda w: f"{w.directory.url}{w.organisation.slug}/",
        also=lambda w: [w.directory.url + "structure-inconnue/", w.directory.url + "%3Cscript%3E/"],
    ),
    "route:annuaire.OrganisationIndexPage:contact": Endpoint(
        url=lambda w: f"{w.directory.url}{w.organisation.slug}/contact/",
        form=FormSpec(
            lambda w: OrganisationContactForm(),
            lambda w: {
                "name": "Camille Martin",
                "email": "camille@exemple.test",
                "subject": "Bénévolat",
                "message": "Je souhaite aider.",
            },
        ),
        also=lambda w: [w.directory.url + "structure-inconnue/contact/"],
    ),
    "route:conseil.ConsultantIndexPage:listing": Endpoint(
        url=route("consultants_page", "listing"), params=filter_params(ConsultantFilterForm)
    ),
    "route:conseil.ConsultantIndexPage:profile": Endpoint(
        url=lambda w: w.consultants_page.url + w.consultant_profile.slug + "/",
        also=lambda w: [w.consultants_page.url + "inconnu/", w.consultants_page.url + "%3Cscript%3E/"],
    ),
    "route:conseil.ConsultantIndexPage:missions": Endpoint(
        url=route("consultants_page", "missions"), params=filter_params(MissionFilterForm)
    ),
    "route:conseil.ConsultantIndexPage:mission": Endpoint(
        url=lambda w: f"{w.consultants_page.url}missions/{w.answer_mission.url_key}/",
        also=lambda w: [w.consultants_page.url + "missions/inconnue-99999999999/"],
    ),
    "route:conseil.ConsultantIndexPage:mission_answer": Endpoint(
        url=lambda w: f"{w.consultants_page.url}missions/{w.answer_mission.url_key}/repondre/",
        user="consultant",
        form=FormSpec(lambda w: ProposalForm(), lambda w: {"message": "Je propose deux jours d’ateliers."}),
        before_post=lambda w: Proposal.objects.filter(mission=w.answer_mission).delete(),
        shows=lambda w: [("consultant", reverse("conseil:my_proposals"))],
    ),
    "route:conseil.ConsultantIndexPage:contact": Endpoint(
        url=lambda w: w.consultants_page.url + w.consultant_profile.slug + "/contacter/",
        user="candidate",
        form=FormSpec(lambda w: MessageForm(), lambda w: {"body": "Bonjour, nous cherchons un accompagnement."}),
        shows=lambda w: [("consultant", reverse("messages_list")), ("candidate", reverse("messages_list"))],
    ),
    "route:agenda.AgendaIndexPage:upcoming": Endpoint(url=route("agenda", "upcoming"), params=EVENT_FILTERS + PAGE),
    "route:agenda.AgendaIndexPage:this_month": Endpoint(url=route("agenda", "this_month"), params=EVENT_FILTERS),
    "route:agenda.AgendaIndexPage:next_month": Endpoint(url=route("agenda", "next_month"), params=EVENT_FILTERS),
    "route:agenda.AgendaIndexPage:month": Endpoint(
        url=route("agenda", "month", "2026", "3"),
        params=EVENT_FILTERS,
        also=lambda w: [w.agenda.url + "2026/13/", w.agenda.url + "0000/0/", w.agenda.url + "9999/12/"],
    ),
    "route:agenda.AgendaIndexPage:past": Endpoint(url=route("agenda", "past"), params=EVENT_FILTERS + PAGE),
    "route:magazine.MagazineIndexPage:index_route": Endpoint(url=lambda w: w.magazine.url, params=PAGE),
    "route:magazine.MagazineIndexPage:tag": Endpoint(url=route("magazine", "tag", "habitat"), params=PAGE),
    "route:magazine.MagazineIndexPage:region": Endpoint(
        url=route("magazine", "region", lambda w: w.region.slug), params=PAGE
    ),
    "route:magazine.MagazineIndexPage:departement": Endpoint(
        url=route("magazine", "departement", lambda w: w.departement.slug), params=PAGE
    ),
    "route:magazine.MagazineIndexPage:author": Endpoint(
        url=route("magazine", "author", lambda w: w.author.slug), params=PAGE
    ),
    "route:magazine.MagazineIndexPage:month": Endpoint(
        url=route("magazine", "month", "2026", "03"),
        params=PAGE,
        also=lambda w: [w.magazine.url + "2026/13/", w.magazine.url + "0000/00/", w.magazine.url + "9999/99/"],
    ),
    "route:magazine.MagazineIndexPage:press_review": Endpoint(url=route("magazine", "press_review"), params=PAGE),
    "route:magazine.MagazineIndexPage:feed": Endpoint(url=route("magazine", "feed", "rss")),
    "route:magazine.MagazineIndexPage:scoped_feed": Endpoint(
        url=route("magazine", "scoped_feed", "rubrique", "ess", "atom"),
        also=lambda w: [w.magazine.url + "flux/etiquette/%3Cscript%3E/rss/"],
    ),
    # -- every other page, served by Wagtail (a page of each model of the project) --
    "page:home.HomePage": Endpoint(url=lambda w: w.home.url, params=LIGHT_PARAMS),
    "page:home.StandardPage": Endpoint(url=lambda w: w.standard.url),
    "page:magazine.RubriquePage": Endpoint(url=lambda w: w.rubrique.url, params=PAGE),
    "page:magazine.ArticlePage": Endpoint(url=lambda w: w.article.url),
    "page:agenda.EventPage": Endpoint(url=lambda w: w.event.url),
}

SKIPPED: dict[str, str] = {
    "wagtail_serve": "Wagtail's page serving: walked page model by page model (`page:` entries)",
    "route:emploi.OffersIndexPage:index_route": "never reached: the `listing` route answers the same empty path",
    "route:conseil.ConsultantIndexPage:index_route": "never reached: the `listing` route answers the same empty path",
    "route:agenda.AgendaIndexPage:index_route": "never reached: the `upcoming` route answers the same empty path",
    "route:annuaire.OrganisationIndexPage:index_route": "never reached: `listing` answers the same empty path",
    # Their own index pages: walked through their routes above.
    "page:emploi.OffersIndexPage": "walked through its routes (`route:emploi.OffersIndexPage:*`)",
    "page:agenda.AgendaIndexPage": "walked through its routes (`route:agenda.AgendaIndexPage:*`)",
    "page:annuaire.OrganisationIndexPage": "walked through its routes (`route:annuaire.OrganisationIndexPage:*`)",
    "page:conseil.ConsultantIndexPage": "walked through its routes (`route:conseil.ConsultantIndexPage:*`)",
    "page:association.EssGuidePage": "an editorial page with no parameter nor form (tests/association)",
    "page:magazine.MagazineIndexPage": "walked through its routes (`route:magazine.MagazineIndexPage:*`)",
}
if settings.SERVE_MEDIA:
    SKIPPED[r"^media/(?P<path>.*)$"] = "uploaded files, served by the web server in production (development only)"


# --- What the configuration holds ---------------------------------------------------------------------


def _view_module(pattern: URLPattern) -> str:
    callback = pattern.callback
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback
    return getattr(view, "__module__", "") or ""


def url_keys() -> dict[str, str]:
    """Every URL pattern of the configuration by name (or by its route when unnamed), with its route.
    Under /admin/, only the views the project adds (Wagtail's own admin is Wagtail's to test)."""
    found = {}

    def walk(patterns, prefix="", namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                full = f"{namespace}:{inner}" if namespace and inner else inner or namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), full)
            else:
                yield prefix + str(pattern.pattern), namespace, pattern

    for path, namespace, pattern in walk(get_resolver().url_patterns):
        if path.startswith("admin/") and _view_module(pattern).split(".")[0] not in LOCAL_APPS:
            continue
        key = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name or path
        found[key] = path
    return found


# anymail's webhooks (one per provider): anymail checks their secret before any view of ours runs;
# tests/newsletter/test_sending.py posts to them with a good and a bad secret.
SKIPPED.update(
    {
        key: "anymail's webhooks (tests/newsletter/test_sending.py)"
        for key, path in url_keys().items()
        if path.startswith("anymail/")
    }
)


def local_page_models():
    return [model for model in get_page_models() if model.__module__.split(".")[0] in LOCAL_APPS]


def route_keys() -> set[str]:
    keys = set()
    for model in local_page_models():
        if issubclass(model, RoutablePageMixin):
            keys |= {f"route:{model._meta.label}:{pattern.name}" for pattern in model.get_subpage_urls()}
    return keys


def page_keys() -> set[str]:
    return {f"page:{model._meta.label}" for model in local_page_models()}


def all_keys() -> set[str]:
    return set(url_keys()) | route_keys() | page_keys()


INT_CONVERTER = re.compile(r"<int:(\w+)>")


def past_int_addresses(name: str, endpoint: Endpoint, world: World, routes: dict[str, str]) -> list[str]:
    """The address again with each whole-number argument one past PostgreSQL's integer (a 404, never a 500)."""
    path = routes.get(name, "")
    names = INT_CONVERTER.findall(path)
    if not names or endpoint.url is not None or endpoint.args is not None:
        return []
    return [reverse(name, kwargs={**endpoint.kwargs(world), **dict.fromkeys(names, INT_PAST)})]
