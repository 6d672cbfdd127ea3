"""Signal receivers of the magazine, connected in `MagazineConfig.ready()`.

- Articles' denormalised columns and the cached listings stay right when Wagtail changes a page without
  going through `ArticlePage.save()`: moving a page, unpublishing it (the admin's bulk action and the
  scheduled expiry of `publish_scheduled` save a plain Page) or deleting it (the admin deletes through
  `Page.delete`).
- A view restriction (password, login, groups) added, changed or removed on a page recomputes
  `is_listed` for the articles under it: what is behind a restriction leaves lists, feeds, « À la une »
  and the sitemap at once.
- A new magazine index page gets the "Comité de rédaction" workflow.

The editors' decisions on press releases reach their senders through `core.submissions` (connected in
`CoreConfig.ready()`), not here.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_unpublished, post_page_move

from .caching import listings_changed
from .models import ArticlePage, Author, MagazineIndexPage, PressReviewLink, RubriquePage
from .services import ensure_editorial_workflow


def page_moved(sender, instance, parent_page_after, **kwargs):
    if not issubclass(sender, (ArticlePage, RubriquePage, MagazineIndexPage)):
        return
    if issubclass(sender, ArticlePage):
        rubrique_id = parent_page_after.pk if isinstance(parent_page_after.specific_deferred, RubriquePage) else None
        ArticlePage.objects.filter(pk=instance.pk).update(rubrique_id=rubrique_id)
    # Into or out of a subtree behind a view restriction.
    path = Page.objects.filter(pk=instance.pk).values_list("path", flat=True).first()
    if path is not None:
        ArticlePage.objects.filter(path__startswith=path).refresh_listed()
    listings_changed()


def article_unpublished(sender, instance, **kwargs):
    if issubclass(sender, ArticlePage):
        ArticlePage.objects.filter(pk=instance.pk).update(is_listed=False)
        listings_changed()


def view_restriction_changed(sender, instance, **kwargs):
    """A restriction saved or deleted: the articles under its page are listed again, or no longer."""
    path = Page.objects.filter(pk=instance.page_id).values_list("path", flat=True).first()
    if path is not None:  # None: the page itself is being deleted, with its articles
        ArticlePage.objects.filter(path__startswith=path).refresh_listed()
    listings_changed()


def magazine_index_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        ensure_editorial_workflow(instance)


def connect() -> None:
    post_page_move.connect(page_moved, dispatch_uid="magazine_page_moved")
    page_unpublished.connect(article_unpublished, dispatch_uid="magazine_article_unpublished")
    for model in (ArticlePage, Author, PressReviewLink):
        post_delete.connect(listings_changed, sender=model, dispatch_uid=f"magazine_{model.__name__}_deleted")
    post_save.connect(view_restriction_changed, sender=PageViewRestriction, dispatch_uid="magazine_restriction_saved")
    post_delete.connect(
        view_restriction_changed, sender=PageViewRestriction, dispatch_uid="magazine_restriction_deleted"
    )
    post_save.connect(magazine_index_saved, sender=MagazineIndexPage, dispatch_uid="magazine.index_workflow")
