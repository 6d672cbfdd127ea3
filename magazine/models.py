"""The magazine: an index page, its rubriques, their articles, authors and the revue de presse.

Listings never walk the page tree: each article keeps a copy of its rubrique (its parent) and of its
`live` flag (`is_listed`), both set on save, so that every listing is one index range scan over
`magazine_articlepage` (see `magazine.listings`).
"""

import math
import re

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.urls import Resolver404
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtailseo.models import SeoType, TwitterCard

from home.models import SitePage, changes_live_content

from .blocks import ArticleBodyBlock

WORDS_PER_MINUTE = 220


class Author(index.Indexed, models.Model):
    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    bio = models.TextField(_("présentation"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("bio"), FieldPanel("photo")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("auteur·rice")
        verbose_name_plural = _("auteur·rices")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from .listings import listings_changed

        listings_changed()  # article pages cache their authors' names


class PressReviewLink(models.Model):
    """An article published elsewhere that the editors point readers to (« revue de presse »)."""

    title = models.CharField(_("titre"), max_length=255)
    source = models.CharField(_("source"), max_length=120, help_text=_("Le média qui a publié l’article."))
    published_on = models.DateField(_("date de publication"), default=timezone.localdate, db_index=True)
    url = models.URLField(_("adresse"), max_length=500)

    panels = [FieldPanel("title"), FieldPanel("source"), FieldPanel("published_on"), FieldPanel("url")]

    class Meta:
        verbose_name = _("lien de revue de presse")
        verbose_name_plural = _("revue de presse")
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["-published_on", "-id"], name="press_review_recent_idx")]

    def __str__(self):
        return f"{self.title} ({self.source})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from .listings import listings_changed

        listings_changed()


register_snippet(Author)
register_snippet(PressReviewLink)


def _views():
    from . import views

    return views


class ArticleKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    INTERVIEW = "interview", _("Entretien")
    TRIBUNE = "tribune", _("Tribune")
    PRESS_RELEASE = "communique", _("Communiqué de presse")
    PRESS_REVIEW = "revue", _("Revue de presse")


class MagazineIndexPage(RoutablePageMixin, SitePage):
    """`/magazine/`: the latest articles, « À la une », and the listings served by its routes."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["magazine.RubriquePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("magazine")

    # Paths that match none of the routes below are pages (rubriques, articles): see `routes_like_site_page`.
    routes_unmatched_paths_like_site_page = True

    def route(self, request, path_components):
        """Sub-routes first; then a rubrique or an article in one query (the article brings its rubrique)."""
        if self.live and 1 <= len(path_components) <= 2:
            try:
                self.resolve_subpage("/" + "".join(f"{part}/" for part in path_components))
            except Resolver404:
                page = self._find_descendant(path_components)
                if page is not None:
                    return Page.route(page, request, [])
                raise Http404 from None
        return super().route(request, path_components)

    def _find_descendant(self, path_components):
        if len(path_components) == 1:
            page = RubriquePage.objects.child_of(self).filter(slug=path_components[0]).first()
            if page is not None:
                page._cached_parent_obj = self
            return page
        rubrique_slug, slug = path_components
        candidates = ArticlePage.objects.filter(
            slug=slug, depth=self.depth + 2, path__startswith=self.path
        ).select_related("rubrique")
        for article in candidates:
            rubrique = article.rubrique
            if rubrique is not None and rubrique.slug == rubrique_slug and article.path.startswith(rubrique.path):
                rubrique._cached_parent_obj = self
                article._cached_parent_obj = rubrique
                return article
        return None

    def get_context(self, request, *args, **kwargs):
        from .listings import magazine_index_context

        context = super().get_context(request, *args, **kwargs)
        if not getattr(request, "_magazine_listing", False):
            context.update(magazine_index_context(request, self))
        return context

    # Listings and feeds: the views (in `magazine.views`) read the URL's arguments, 404 on unknown ones.
    @path("etiquette/<str:slug>/", name="tag")
    def tag_listing(self, request, slug):
        return _views().tag_listing(request, self, slug)

    @path("region/<str:slug>/", name="region")
    def region_listing(self, request, slug):
        return _views().territory_listing(request, self, "region", slug)

    @path("departement/<str:slug>/", name="departement")
    def departement_listing(self, request, slug):
        return _views().territory_listing(request, self, "departement", slug)

    @path("auteur/<str:slug>/", name="author")
    def author_listing(self, request, slug):
        return _views().author_listing(request, self, slug)

    @re_path(r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$", name="month")
    def month_archive(self, request, year, month):
        return _views().month_archive(request, self, int(year), int(month))

    @path("revue-de-presse/", name="press_review")
    def press_review(self, request):
        return _views().press_review(request, self)

    @re_path(r"^flux/(?P<feed_format>rss|atom)/$", name="feed")
    def feed(self, request, feed_format):
        return _views().feed(request, self, feed_format, None, None)

    @re_path(
        r"^flux/(?P<scope>rubrique|etiquette|region|departement)/(?P<slug>[^/]+)/(?P<feed_format>rss|atom)/$",
        name="scoped_feed",
    )
    def scoped_feed(self, request, scope, slug, feed_format):
        return _views().feed(request, self, feed_format, scope, slug)


class RubriquePage(SitePage):
    """A section of the magazine (ESS, Recruteurs, Salariés...): its articles, newest first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["magazine.MagazineIndexPage"]
    subpage_types = ["magazine.ArticlePage"]

    class Meta:
        verbose_name = _("rubrique")

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        if changes_live_content(kwargs.get("update_fields")):
            from .listings import listings_changed

            listings_changed()  # the magazine index caches the list of rubriques
        return result

    def get_context(self, request, *args, **kwargs):
        from .listings import rubrique_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(rubrique_listing(request, self))
        return context


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey("magazine.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("étiquette d’article")
        verbose_name_plural = _("étiquettes d’articles")


class ArticlePageQuerySet(PageQuerySet):
    def listed(self):
        """Published articles, by the denormalised flag that the listing indexes cover."""
        return self.filter(is_listed=True)

    def newest_first(self):
        return self.order_by("-publication_date", "-page_ptr_id")


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
    # Denormalised for listings without tree queries: the parent rubrique and the `live` flag.
    rubrique = models.ForeignKey(
        RubriquePage,
        verbose_name=_("rubrique"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    is_listed = models.BooleanField(_("publié"), default=False, editable=False)

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
        self.is_listed = self.live
        if self.path:
            parent_path = self.path[: -self.steplen]
            cached_parent = getattr(self, "_cached_parent_obj", None)
            if cached_parent is not None and cached_parent.path == parent_path:
                self.rubrique_id = cached_parent.pk
            elif (
                self.rubrique_id is None
                or not RubriquePage.objects.filter(pk=self.rubrique_id, path=parent_path).exists()
            ):
                self.rubrique_id = Page.objects.filter(path=parent_path).values_list("pk", flat=True).first()
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self.reading_minutes = reading_minutes(self.lead, self.body)
        else:
            # A partial save (e.g. Wagtail recording a draft revision) keeps the live content as it is.
            kwargs["update_fields"] = {*update_fields, "is_listed", "rubrique"}
        result = super().save(*args, **kwargs)
        if changes_live_content(update_fields):  # a draft revision changes nothing readers see
            from .listings import listings_changed

            listings_changed()
        return result

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

    def get_context(self, request, *args, **kwargs):
        from .listings import article_context

        context = super().get_context(request, *args, **kwargs)
        context.update(article_context(request, self))
        return context


class RelatedArticle(Orderable):
    """An article the editors pick to show under another one (before the automatic suggestions)."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_article_links")
    article = models.ForeignKey(ArticlePage, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = _("article lié")
        verbose_name_plural = _("articles liés")


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


# --- Press releases (magazine.press) -----------------------------------------------------------------
# Submissions of the public press-release form: saved pending email confirmation, then turned into a
# draft ArticlePage of kind "communiqué" in the editorial workflow. See magazine/press/services.py.


def press_attachment_path(instance, filename):
    # A random name: the pending files are never linked from a page, and are not guessable.
    import os
    import uuid

    extension = os.path.splitext(filename)[1].lower()
    return f"communiques/en-attente/{uuid.uuid4().hex}{extension}"


class PressReleaseSubmission(models.Model):
    class Status(models.TextChoices):
        PENDING_CONFIRMATION = "pending", _("En attente de confirmation de l’adresse")
        IN_REVIEW = "review", _("Soumis à la rédaction")
        PUBLISHED = "published", _("Publié")
        REFUSED = "refused", _("Refusé")

    contact_name = models.CharField(_("nom du contact"), max_length=150)
    contact_email = models.EmailField(_("adresse du contact"))
    organisation_name = models.CharField(_("structure émettrice (saisie)"), max_length=200)
    organisation = models.ForeignKey(
        "annuaire.Organisation",
        verbose_name=_("structure de l’annuaire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="press_release_submissions",
    )
    title = models.CharField(_("titre"), max_length=200)
    text = models.TextField(_("texte"))
    content_hash = models.CharField(_("empreinte du contenu"), max_length=64, editable=False)
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.PENDING_CONFIRMATION, db_index=True
    )
    article = models.OneToOneField(
        "magazine.ArticlePage",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="press_release_submission",
    )
    refusal_reason = models.TextField(_("motif du refus"), blank=True)
    created_at = models.DateTimeField(_("reçu le"), auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    published_email_sent_at = models.DateTimeField(_("annonce de la publication envoyée le"), null=True, blank=True)
    refused_email_sent_at = models.DateTimeField(_("annonce du refus envoyée le"), null=True, blank=True)

    # Registered as a (read-only) snippet for the admin, but nothing refers to it: no reference index.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("communiqué reçu")
        verbose_name_plural = _("communiqués reçus")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["contact_email", "content_hash", "created_at"], name="press_duplicate_idx")]

    def __str__(self):
        return self.title


class PressReleaseAttachment(models.Model):
    """A checked file waiting for the confirmation; it becomes a Wagtail document or image then."""

    class Kind(models.TextChoices):
        PDF = "pdf", _("PDF")
        IMAGE = "image", _("Image")

    submission = models.ForeignKey(
        PressReleaseSubmission, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("communiqué")
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("fichier"), upload_to=press_attachment_path)
    name = models.CharField(_("nom du fichier"), max_length=120)
    title = models.CharField(_("titre"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("pièce jointe d’un communiqué")
        verbose_name_plural = _("pièces jointes des communiqués")
        ordering = ["submission", "position"]

    def __str__(self):
        return self.name


# --- End of press releases ---------------------------------------------------------------------------
