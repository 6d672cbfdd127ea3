"""Keep the articles' denormalised columns and the cached listings right when Wagtail changes a page
without going through `ArticlePage.save()`: moving a page, unpublishing it (the admin's bulk action and
the scheduled expiry of `publish_scheduled` save a plain Page) or deleting it (the admin deletes through
`Page.delete`)."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_unpublished, post_page_move

from .listings import listings_changed


def article_moved(sender, instance, parent_page_after, **kwargs):
    from .models import ArticlePage, RubriquePage

    if issubclass(sender, ArticlePage):
        rubrique_id = parent_page_after.pk if isinstance(parent_page_after.specific_deferred, RubriquePage) else None
        ArticlePage.objects.filter(pk=instance.pk).update(rubrique_id=rubrique_id)
        listings_changed()


def article_unpublished(sender, instance, **kwargs):
    from .models import ArticlePage

    if issubclass(sender, ArticlePage):
        ArticlePage.objects.filter(pk=instance.pk).update(is_listed=False)
        listings_changed()


def connect() -> None:
    from .models import ArticlePage, Author, PressReviewLink

    post_page_move.connect(article_moved, dispatch_uid="magazine_article_moved")
    page_unpublished.connect(article_unpublished, dispatch_uid="magazine_article_unpublished")
    for model in (ArticlePage, Author, PressReviewLink):
        post_delete.connect(listings_changed, sender=model, dispatch_uid=f"magazine_{model.__name__}_deleted")
    # A rubrique put behind a login or a password leaves the magazine's navigation.
    post_save.connect(listings_changed, sender=PageViewRestriction, dispatch_uid="magazine_restriction_saved")
    post_delete.connect(listings_changed, sender=PageViewRestriction, dispatch_uid="magazine_restriction_deleted")
