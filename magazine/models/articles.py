"""Articles: the page, its body, its tags and editors' picks, and what it shows around its body.

Listings never walk the page tree: each article keeps a copy of its rubrique (its parent) and whether
readers may see it in lists (`is_listed`: live and under no view restriction), both set on save and kept
right by `magazine.signals`, so that every listing is one index range scan over `magazine_articlepage`
(see `magazine.listings`). What an article page shows around its body (authors and terms, related
articles, other articles of the rubrique) is read here, next to the model, in a fixed number of queries.
"""

import math
import re

from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet, PageViewRestriction
from wagtail.search import index
from wagtailseo.models import SeoType, TwitterCard

from agenda.blocks import UpcomingEventsBlock
from core.blocks import ContentBlock
from core.images import prefetch_renditions, rendition_or_none
from core.pages import SitePage, changes_live_content
from core.sharing import share_links
from emploi.blocks import JobOfferBlock, LatestOffersBlock
from reference.models import Departement, Region, Sector

from ..caching import cached, listings_changed
from .snippets import Author

WORDS_PER_MINUTE = 220
RELATED_COUNT = 4
NEIGHBOUR_COUNT = 4

# Renditions the templates use, fetched in one query per page (`core.images.prefetch_renditions`).
CARD_RENDITIONS = ["fill-320x180|format-webp", "fill-480x270|format-webp", "fill-960x540|format-webp"]
MAIN_IMAGE_RENDITIONS = ["width-480|format-webp", "width-800|format-webp", "width-1200|format-webp", "original"]
FEED_RENDITION = "fill-1200x675|format-jpeg"


class ArticleBodyBlock(ContentBlock):
    """The body of an article: the shared content blocks, plus job offers and events from the other apps."""

    job_offer = JobOfferBlock()
    latest_offers = LatestOffersBlock()
    upcoming_events = UpcomingEventsBlock()


class ArticleKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    INTERVIEW = "interview", _("Entretien")
    TRIBUNE = "tribune", _("Tribune")
    PRESS_RELEASE = "communique", _("Communiqué de presse")
    PRESS_REVIEW = "revue", _("Revue de presse")


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey("magazine.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("étiquette d’article")
        verbose_name_plural = _("étiquettes d’articles")


def view_restricted() -> Q:
    """Pages behind a view restriction (password, login or groups) on themselves or an ancestor: the
    restricted subtrees, read in one query (a handful of rows on any site). Empty when there is none."""
    restricted = Q()
    for path in PageViewRestriction.objects.values_list("page__path", flat=True):
        restricted |= Q(path__startswith=path)
    return restricted


class ArticlePageQuerySet(PageQuerySet):
    def listed(self):
        """What readers may see in lists and feeds: live articles under no view restriction, by the
        denormalised flag that the listing indexes cover."""
        return self.filter(is_listed=True)

    def newest_first(self):
        return self.order_by("-publication_date", "-page_ptr_id")

    def ids(self):
        return self.values_list("pk", flat=True)

    def tagged(self, tag):
        return self.filter(tagged_items__tag_id=tag.pk)

    def by_author(self, author):
        return self.filter(authors=author)

    def in_territory(self, kind: str, territory):
        """Filed under a région (or one of its départements), or under a département."""
        if kind == "region":
            regions = ArticlePage.regions.through.objects.filter(region_id=territory.pk)
            departements = ArticlePage.departements.through.objects.filter(departement__region_id=territory.pk)
            return self.filter(
                Q(pk__in=regions.values("articlepage_id")) | Q(pk__in=departements.values("articlepage_id"))
            )
        through = ArticlePage.departements.through.objects.filter(departement_id=territory.pk)
        return self.filter(pk__in=through.values("articlepage_id"))

    def featured(self):
        """Pinned « À la une », in the editors' order, newest first among equals."""
        return self.listed().filter(is_featured=True).order_by("featured_order", "-publication_date", "-page_ptr_id")

    def refresh_listed(self) -> int:
        """Set `is_listed` again on these articles (live and under no view restriction), when a view
        restriction is added or removed or a page moves. Two UPDATEs of the rows that change; returns
        how many did."""
        restricted = view_restricted()
        public = Q(live=True) & ~restricted if restricted else Q(live=True)
        shown = self.filter(public, is_listed=False).update(is_listed=True)
        hidden = self.exclude(public).filter(is_listed=True).update(is_listed=False)
        return shown + hidden


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


class ArticlePage(SitePage):
    lead = models.TextField(_("chapô"), help_text=_("Deux ou trois phrases qui donnent envie de lire la suite."))
    body = StreamField(ArticleBodyBlock(), verbose_name=_("contenu"), blank=True, use_json_field=True)
    main_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image principale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    main_image_alt = models.CharField(
        _("texte alternatif de l’image"),
        max_length=255,
        blank=True,
        help_text=_("Ce que montre l’image, pour qui ne la voit pas. Vide si elle est décorative."),
    )
    authors = ParentalManyToManyField(Author, verbose_name=_("auteur·rices"), blank=True, related_name="articles")
    tags = ClusterTaggableManager(through=ArticleTag, verbose_name=_("étiquettes"), blank=True)
    regions = ParentalManyToManyField(
        "reference.Region", verbose_name=_("régions"), blank=True, related_name="articles"
    )
    departements = ParentalManyToManyField(
        "reference.Departement", verbose_name=_("départements"), blank=True, related_name="articles"
    )
    sectors = ParentalManyToManyField(
        "reference.Sector", verbose_name=_("secteurs de l’ESS"), blank=True, related_name="articles"
    )
    publication_date = models.DateTimeField(_("date de publication"), default=timezone.now, db_index=True)
    kind = models.CharField(_("genre"), max_length=20, choices=ArticleKind.choices, default=ArticleKind.ARTICLE)
    source_organisation = models.ForeignKey(
        "annuaire.Organisation",
        verbose_name=_("structure émettrice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="press_releases",
        help_text=_("Pour un communiqué de presse : la structure qui l’a envoyé."),
    )
    source_name = models.CharField(
        _("émetteur"), max_length=200, blank=True, help_text=_("Pour un communiqué : agence ou structure émettrice.")
    )
    is_featured = models.BooleanField(_("À la une"), default=False, db_index=True)
    featured_order = models.PositiveSmallIntegerField(
        _("ordre à la une"), default=0, help_text=_("Les plus petits nombres d’abord.")
    )
    reading_minutes = models.PositiveSmallIntegerField(_("temps de lecture (minutes)"), default=1, editable=False)
    # Denormalised for listings without tree queries: the parent rubrique, and whether lists may show it.
    rubrique = models.ForeignKey(
        "magazine.RubriquePage",
        verbose_name=_("rubrique"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    is_listed = models.BooleanField(_("publié et public"), default=False, editable=False)

    objects = ArticlePageManager()

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        MultiFieldPanel([FieldPanel("main_image"), FieldPanel("main_image_alt")], heading=_("Image principale")),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("publication_date"), FieldPanel("authors")],
            heading=_("Publication"),
        ),
        MultiFieldPanel(
            [FieldPanel("tags"), FieldPanel("regions"), FieldPanel("departements"), FieldPanel("sectors")],
            heading=_("Classement"),
        ),
        MultiFieldPanel(
            [FieldPanel("source_organisation"), FieldPanel("source_name")], heading=_("Communiqué de presse")
        ),
        MultiFieldPanel([FieldPanel("is_featured"), FieldPanel("featured_order")], heading=_("À la une")),
        InlinePanel("related_article_links", label=_("Articles liés"), max_num=6),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("publication_date"),
        index.FilterField("kind"),
        index.FilterField("rubrique"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["magazine.RubriquePage"]
    subpage_types = []

    seo_content_type = SeoType.ARTICLE
    seo_twitter_card = TwitterCard.LARGE
    seo_image_sources = ["og_image", "main_image"]
    seo_description_sources = ["search_description", "lead"]

    class Meta:
        verbose_name = _("article")
        indexes = [
            models.Index(
                fields=["-publication_date", "-page_ptr"], condition=Q(is_listed=True), name="article_listed_idx"
            ),
            models.Index(
                fields=["rubrique", "-publication_date", "-page_ptr"],
                condition=Q(is_listed=True),
                name="article_rubrique_listed_idx",
            ),
            models.Index(
                fields=["is_featured", "featured_order", "-publication_date"],
                condition=Q(is_listed=True, is_featured=True),
                name="article_featured_idx",
            ),
        ]

    def save(self, *args, **kwargs):
        self.is_listed = self.live and not self.under_view_restriction()
        if self.path:
            parent_path = self.path[: -self.steplen]
            cached_parent = getattr(self, "_cached_parent_obj", None)
            if cached_parent is not None and cached_parent.path == parent_path:
                self.rubrique_id = cached_parent.pk
            elif self.rubrique_id is None or not Page.objects.filter(pk=self.rubrique_id, path=parent_path).exists():
                self.rubrique_id = Page.objects.filter(path=parent_path).values_list("pk", flat=True).first()
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self.reading_minutes = reading_minutes(self.lead, self.body)
        else:
            # A partial save (e.g. Wagtail recording a draft revision) keeps the live content as it is.
            kwargs["update_fields"] = {*update_fields, "is_listed", "rubrique"}
        result = super().save(*args, **kwargs)
        if changes_live_content(update_fields):  # a draft revision changes nothing readers see
            listings_changed()
        return result

    def under_view_restriction(self) -> bool:
        """Whether a password, login or group restriction applies to the article or one of its ancestors."""
        if not self.path:
            return False
        ancestors = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        return PageViewRestriction.objects.filter(page__path__in=ancestors).exists()

    @property
    def seo_author(self) -> str:
        names = getattr(self, "_author_names", None)
        if names is None:
            names = self._author_names = [author.name for author in self.authors.all()]
        return ", ".join(names)

    @property
    def seo_published_at(self):
        return self.publication_date

    @property
    def is_press_release(self) -> bool:
        return self.kind == ArticleKind.PRESS_RELEASE

    @property
    def source_label(self) -> str:
        if self.source_organisation_id:
            return self.source_organisation.name
        return self.source_name

    @cached_property
    def magazine(self):
        """The magazine index above the article, from its breadcrumbs (no query): the page types nest
        strictly (magazine → rubrique → article), so it is the rubrique's parent."""
        ancestors = self.breadcrumbs
        return ancestors[-2] if len(ancestors) >= 2 else None

    # --- What the page shows around its body --------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        """Everything around the body in three queries (terms, cards, renditions), the ids cached."""
        context = super().get_context(request, *args, **kwargs)
        taxonomy = cached(f"taxonomy:{self.pk}", self.taxonomy)
        self._author_names = [term.name for term in taxonomy["author"]]
        related, neighbours = self.read_cards()
        magazine = self.magazine
        context.update(
            {
                "magazine_url": magazine.url if magazine is not None else "/",
                "feeds": magazine.rubrique_feeds(self.rubrique if self.rubrique_id else None) if magazine else [],
                "share_links": share_links(self.title, self.get_full_url(request)),
                "article_json_ld": self.json_ld(request, taxonomy["author"]),
                "authors": taxonomy["author"],
                "tags": taxonomy["tag"],
                "regions": taxonomy["region"],
                "departements": taxonomy["departement"],
                "sectors": taxonomy["sector"],
                "related_articles": related,
                "rubrique_articles": neighbours,
            }
        )
        return context

    def read_cards(self):
        """(related articles, other articles of the rubrique): their ids are cached for the listing
        generation; they and this article's own row (rubrique, image, source organisation) are read in
        one query by primary key, every rendition in one more."""
        related_ids, neighbour_ids = cached(f"around:{self.pk}", self.around_ids)
        by_id = (
            ArticlePage.objects.filter(pk__in=[self.pk, *related_ids, *neighbour_ids])
            .select_related("rubrique", "main_image", "source_organisation")
            .in_bulk()
        )
        prefetch_renditions([card.main_image for card in by_id.values()], [*CARD_RENDITIONS, *MAIN_IMAGE_RENDITIONS])
        own = by_id.get(self.pk)
        if own is not None:
            self.rubrique = own.rubrique
            self.source_organisation = own.source_organisation
            if own.main_image is not None:
                self.main_image = own.main_image  # with its renditions, read with the cards'
        related = [by_id[pk] for pk in related_ids if pk in by_id and by_id[pk].is_listed]
        neighbours = [by_id[pk] for pk in neighbour_ids if pk in by_id and by_id[pk].is_listed]
        return related, neighbours

    def around_ids(self) -> tuple[list[int], list[int]]:
        """(related ids, other ids of the rubrique): editors' picks first, in their order, then the
        newest articles sharing a tag or territory (read along the listing index, which stops at the
        fourth match), then the newest other articles of the rubrique."""
        related = list(
            RelatedArticle.objects.filter(page_id=self.pk, article__is_listed=True)
            .order_by("sort_order")
            .values_list("article_id", flat=True)[:RELATED_COUNT]
        )
        if len(related) < RELATED_COUNT:
            related += list(
                ArticlePage.objects.listed()
                .exclude(pk__in=[self.pk, *related])
                .filter(self.shared_terms())
                .newest_first()
                .ids()[: RELATED_COUNT - len(related)]
            )
        neighbours = []
        if self.rubrique_id is not None:
            neighbours = list(
                ArticlePage.objects.listed()
                .filter(rubrique_id=self.rubrique_id)
                .exclude(pk__in=[self.pk, *related])
                .newest_first()
                .ids()[:NEIGHBOUR_COUNT]
            )
        return related, neighbours

    def shared_terms(self) -> Q:
        """Articles sharing a tag, a région or a département with this one (as subqueries)."""
        regions = ArticlePage.regions.through.objects
        departements = ArticlePage.departements.through.objects
        own_tags = ArticleTag.objects.filter(content_object_id=self.pk).values("tag_id")
        own_regions = regions.filter(articlepage_id=self.pk).values("region_id")
        own_departements = departements.filter(articlepage_id=self.pk).values("departement_id")
        return (
            Q(pk__in=ArticleTag.objects.filter(tag_id__in=own_tags).values("content_object_id"))
            | Q(pk__in=regions.filter(region_id__in=own_regions).values("articlepage_id"))
            | Q(pk__in=departements.filter(departement_id__in=own_departements).values("articlepage_id"))
        )

    def taxonomy(self) -> dict[str, list["Term"]]:
        """The article's authors, tags, régions, départements and sectors, read in one UNION query."""

        def terms(queryset, kind, name_field, order):
            return (
                queryset.order_by()
                .annotate(term_kind=Value(kind), term_name=F(name_field), term_order=order)
                .values_list("term_kind", "pk", "term_name", "slug", "term_order")
            )

        through = {field: getattr(ArticlePage, field).through.objects for field in ("regions", "departements")}
        sectors = ArticlePage.sectors.through.objects.filter(articlepage_id=self.pk)
        author_order = Subquery(
            ArticlePage.authors.through.objects.filter(articlepage_id=self.pk, author_id=OuterRef("pk")).values("id")[
                :1
            ]
        )
        no_order = Value(0)
        own_tags = Exists(ArticleTag.objects.filter(content_object_id=self.pk, tag_id=OuterRef("pk")))
        own_regions = through["regions"].filter(articlepage_id=self.pk).values("region_id")
        own_departements = through["departements"].filter(articlepage_id=self.pk).values("departement_id")
        query = terms(Author.objects.filter(articles=self.pk), "author", "name", author_order).union(
            terms(Tag.objects.filter(own_tags), "tag", "name", no_order),
            terms(Region.objects.filter(pk__in=own_regions), "region", "name", no_order),
            terms(Departement.objects.filter(pk__in=own_departements), "departement", "name", no_order),
            terms(Sector.objects.filter(pk__in=sectors.values("sector_id")), "sector", "label", no_order),
            all=True,
        )
        result = {"author": [], "tag": [], "region": [], "departement": [], "sector": []}
        for kind, pk, name, slug, _position in sorted(query, key=lambda row: (row[0], row[4] or 0, row[2])):
            result[kind].append(Term(kind, pk, name, slug))
        return result

    def json_ld(self, request, authors) -> dict:
        """schema.org NewsArticle."""
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "description": self.lead,
            "datePublished": self.publication_date.isoformat(),
            "dateModified": (self.last_published_at or self.publication_date).isoformat(),
            "mainEntityOfPage": self.get_full_url(request),
            "url": self.get_full_url(request),
            "inLanguage": "fr-FR",
            "publisher": {"@type": "Organization", "name": self.get_site().site_name or "Solidaires"},
        }
        if authors:
            data["author"] = [{"@type": "Person", "name": author.name} for author in authors]
        else:
            data["author"] = {"@type": "Organization", "name": data["publisher"]["name"]}
        if self.rubrique is not None:
            data["articleSection"] = self.rubrique.title
        rendition = rendition_or_none(self.main_image, "original")
        if rendition is not None:
            data["image"] = [request.build_absolute_uri(rendition.url)]
        return data


class RelatedArticle(Orderable):
    """An article the editors pick to show under another one (before the automatic suggestions)."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_article_links")
    article = models.ForeignKey(ArticlePage, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = _("article lié")
        verbose_name_plural = _("articles liés")


class Term:
    """A name and slug an article is filed under (an author, a tag, a territory or a sector)."""

    def __init__(self, kind: str, pk: int, name: str, slug: str):
        self.kind, self.pk, self.name, self.slug = kind, pk, name, slug

    def __repr__(self):
        return f"<Term {self.kind} {self.slug}>"


def reading_minutes(lead: str, body) -> int:
    """Minutes to read the lead and the text of the body, at about 220 words a minute (at least 1)."""
    words = len((lead or "").split())
    for block in body or []:
        words += len(re.findall(r"\w+", strip_tags(_block_text(block))))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def _block_text(block) -> str:
    value = block.value
    if block.block_type == "paragraph":
        return value.source
    if block.block_type == "callout":
        return f"{value.get('title', '')} {value['text'].source if value.get('text') else ''}"
    if block.block_type == "heading":
        return value.get("text", "")
    if block.block_type == "quote":
        return value.get("quote", "")
    if block.block_type in {"image", "embed"}:
        return value.get("caption", "") or ""
    return ""
