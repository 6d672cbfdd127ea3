"""A small site with one of everything the walked endpoints need, built from the factories (not seed_demo):
pages of every type, an offer in each state the recruiter's views need, an event to come and one past,
an article with its author and tag, a partner, a pending membership request, and a user per role."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from wagtail.models import Page

from accounts.messaging import start_thread
from accounts.models import MessageThread
from agenda.models import AgendaIndexPage, EventPage
from annuaire.models import Organisation, OrganisationIndexPage, OrganisationMembership
from conseil.models import ConsultantIndexPage, ConsultantProfile, Mission, Proposal
from core.files import CheckedAttachment
from core.private_files import save_private
from emploi.candidates import ensure_profile
from emploi.feedback import feedback_token
from emploi.models import CandidateProfile, CVEntry, JobOffer, OfferApplication, OffersIndexPage, Partner
from home.models import HomePage, StandardPage
from magazine.models import ArticlePage, Author, MagazineIndexPage, RubriquePage
from newsletter.models import MailingList, NewsletterIndexPage, NewsletterPage, Subscriber
from reference.models import Departement, Region
from tests.agenda.factories import AgendaIndexPageFactory, EventCategoryFactory, EventPageFactory
from tests.conseil.factories import PDF_BYTES, ConsultantProfileFactory, MissionFactory, ProposalFactory
from tests.emploi.factories import JobOfferFactory
from tests.emploi.public_support import make_partner
from tests.factories import (
    CandidateFactory,
    EditorFactory,
    ModeratorFactory,
    OrganisationFactory,
    RecruiterFactory,
    StandardPageFactory,
)
from tests.magazine.factories import (
    ArticlePageFactory,
    AuthorFactory,
    MagazineIndexPageFactory,
    RubriquePageFactory,
)


@dataclass
class World:
    home: HomePage
    standard: StandardPage
    offers_page: OffersIndexPage
    directory: OrganisationIndexPage
    agenda: AgendaIndexPage
    magazine: MagazineIndexPage
    rubrique: RubriquePage
    article: ArticlePage
    author: Author
    event: EventPage
    past_event: EventPage
    offer: JobOffer  # published, of another organisation: the public side
    draft: JobOffer  # the member's draft
    published: JobOffer  # the member's published offer (close, feedback)
    submitted: JobOffer  # waiting for moderation
    open_offer: JobOffer  # the member's published offer people apply to (left open by the other walks)
    partner: Partner
    member: object  # a recruiter, administrator of `organisation`
    organisation: Organisation
    other_organisation: Organisation  # one the member may ask to join
    request: OrganisationMembership  # a pending request to join the member's organisation
    candidate: object
    moderator: object
    editor: object
    region: Region
    departement: Departement
    thread: MessageThread  # between the member and the candidate
    consultant: object  # owner of `consultant_profile`
    consultant_profile: ConsultantProfile  # public, awaiting verification
    consultants_page: ConsultantIndexPage
    letters: NewsletterIndexPage
    letter: NewsletterPage  # sent, in the archive
    subscriber: Subscriber
    candidate_profile: CandidateProfile | None = None  # the candidate's, public, with two CV entries
    cv_entry: CVEntry | None = None  # edited by the walk
    cv_entry_to_delete: CVEntry | None = None
    application: OfferApplication | None = None  # the candidate's, to another organisation's offer
    mission: Mission | None = None  # the member's published mission, with `proposal`
    proposal: Proposal | None = None  # the consultant's answer to `mission`
    submitted_mission: Mission | None = None  # the member's mission awaiting moderation
    answer_mission: Mission | None = None  # another organisation's published mission the consultant answers
    received_application: OfferApplication | None = None  # the candidate's, to the member's `published` offer
    withdrawn_mission: Mission | None = None  # the member's published mission the walk withdraws
    own_proposal: Proposal | None = None  # the consultant's answer (with a PDF) they edit and withdraw

    def user(self, role: str | None):
        return getattr(self, role) if role else None

    @property
    def feedback_token(self) -> str:
        return feedback_token(self.published)


def build_world(home: HomePage) -> World:
    member = RecruiterFactory()
    organisation = OrganisationFactory(members=[member])
    applicant = RecruiterFactory()
    other = OrganisationFactory()
    request = OrganisationMembership.objects.create(
        organisation=organisation, user=applicant, status=OrganisationMembership.Status.PENDING
    )

    offers_page = OffersIndexPage(title="Offres d’emploi", slug="emploi", lead="Les offres de l’ESS.")
    home.add_child(instance=offers_page)
    offers_page.save_revision().publish()
    directory = OrganisationIndexPage(title="Annuaire des structures", slug="annuaire")
    home.add_child(instance=directory)
    directory.save_revision().publish()
    agenda = AgendaIndexPageFactory(parent=home)
    category = EventCategoryFactory(slug="forum", label="Forum")
    event = EventPageFactory(parent=agenda, category=category)
    start = (timezone.now() - dt.timedelta(days=5)).replace(microsecond=0)
    past_event = EventPageFactory(
        parent=agenda, category=category, start=start, end=start + dt.timedelta(hours=3), organiser=organisation
    )
    magazine = MagazineIndexPageFactory(parent=home)
    rubrique = RubriquePageFactory(parent=magazine, title="ESS", slug="ess")
    author = AuthorFactory()
    article = ArticlePageFactory(parent=rubrique, authors=[author], tag_names=["habitat"])

    candidate = CandidateFactory()
    consultant_profile = ConsultantProfileFactory(name="Camille Roux", status="submitted")
    consultants_page = ConsultantIndexPage(title="Consultant·es", slug="conseil", lead="Les consultant·es de l’ESS.")
    home.add_child(instance=consultants_page)
    consultants_page.save_revision().publish()
    thread = start_thread(member, candidate, "Bonjour, votre profil nous intéresse.", subject="Poste")
    letters = NewsletterIndexPage(title="Les lettres", slug="newsletter")
    home.add_child(instance=letters)
    letters.save_revision().publish()
    weekly = MailingList.objects.get(slug="hebdo")
    letter = NewsletterPage(title="La lettre", slug="lettre", mailing_list=weekly, body=[("heading", "À lire")])
    letters.add_child(instance=letter)
    letter.save_revision().publish()
    NewsletterPage.objects.filter(pk=letter.pk).update(send_status="sent", sent_at=timezone.now())
    subscriber = Subscriber.objects.create(email="abonnee.walk@exemple.test", status="active")
    subscriber.lists.add(weekly)
    candidate_profile = ensure_profile(candidate, headline="Animatrice de réseau")
    candidate_profile.visibility = "public"
    candidate_profile.save()
    cv_entry = CVEntry.objects.create(profile=candidate_profile, section="experience", title="Animatrice")
    cv_entry_to_delete = CVEntry.objects.create(profile=candidate_profile, section="skill", title="Facilitation")
    mission = MissionFactory(organisation=organisation, created_by=member)
    proposal = ProposalFactory(mission=mission, consultant=consultant_profile, attachment_name="proposition.pdf")
    save_private(
        proposal.attachment, CheckedAttachment(kind="pdf", name="proposition.pdf", title="p", content=PDF_BYTES)
    )
    proposal.save(update_fields=["attachment"])

    world = World(
        home=home,
        standard=StandardPageFactory(parent=home, slug="a-propos"),
        offers_page=offers_page,
        directory=directory,
        agenda=agenda,
        magazine=magazine,
        rubrique=rubrique,
        article=article,
        author=author,
        event=event,
        past_event=past_event,
        offer=JobOfferFactory(),
        draft=JobOfferFactory(organisation=organisation, created_by=member, draft=True),
        published=JobOfferFactory(organisation=organisation, created_by=member),
        submitted=JobOfferFactory(organisation=organisation, created_by=member, submitted=True),
        open_offer=JobOfferFactory(organisation=organisation, created_by=member),
        partner=make_partner(),
        member=member,
        organisation=organisation,
        other_organisation=other,
        request=request,
        candidate=candidate,
        moderator=ModeratorFactory(),
        editor=EditorFactory(),
        region=Region.objects.order_by("code").first(),
        departement=Departement.objects.order_by("code").first(),
        thread=thread,
        consultant=consultant_profile.user,
        consultant_profile=consultant_profile,
        consultants_page=consultants_page,
        letters=letters,
        letter=letter,
        subscriber=subscriber,
        candidate_profile=candidate_profile,
        cv_entry=cv_entry,
        cv_entry_to_delete=cv_entry_to_delete,
        mission=mission,
        proposal=proposal,
        submitted_mission=MissionFactory(organisation=organisation, created_by=member, status="submitted"),
        answer_mission=MissionFactory(),
        withdrawn_mission=MissionFactory(organisation=organisation, created_by=member),
        own_proposal=ProposalFactory(mission=MissionFactory(), consultant=consultant_profile),
    )
    save_private(
        world.own_proposal.attachment,
        CheckedAttachment(kind="pdf", name="offre.pdf", title="p", content=PDF_BYTES),
    )
    world.own_proposal.attachment_name = "offre.pdf"
    world.own_proposal.save(update_fields=["attachment", "attachment_name"])
    world.application = OfferApplication.objects.create(
        offer=world.offer, applicant=candidate, name="Candidate", email=candidate.email, message="Bonjour"
    )
    world.received_application = OfferApplication.objects.create(
        offer=world.published, applicant=candidate, name="Candidate", email=candidate.email, message="Bonjour"
    )
    return world


def live_pages_of(world: World) -> list[Page]:
    return [page.specific for page in Page.objects.live().descendant_of(world.home, inclusive=True)]
