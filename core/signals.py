"""What makes the site frame (`core.frame`) and the card fragments forget what they keep: the version
counters of `core.cache_versions`, bumped on every change readers may see.

- `core:site-version`: a Site saved or deleted, a site setting (Paramètres > Site, wagtail-seo) changed or
  deleted (a row `for_site` creates with its defaults changes nothing readers see);
- `core:pages-version`: a page published, unpublished, moved, deleted or saved live (Wagtail's saves of
  a draft revision or a lock leave it alone, `changes_live_content`), a view restriction added, changed
  or removed;
- `core:images-version`: an image saved (its file, title or focal point) or deleted.

Connected in `CoreConfig.ready` (`connect`)."""

from django.db.models.signals import post_delete, post_save
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction, Site, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache_versions import IMAGES_VERSION_KEY, PAGES_VERSION_KEY, SITE_VERSION_KEY, bump_version
from .pages import changes_live_content


def site_changed(**kwargs) -> None:
    bump_version(SITE_VERSION_KEY)


def site_setting_saved(created=False, **kwargs) -> None:
    """A settings row created by `for_site` holds the defaults the site already showed: no new version
    (else the first request of a site, which creates them, would make the next one build its frame again)."""
    if not created:
        bump_version(SITE_VERSION_KEY)


def pages_changed(**kwargs) -> None:
    bump_version(PAGES_VERSION_KEY)


def images_changed(**kwargs) -> None:
    bump_version(IMAGES_VERSION_KEY)


def page_saved(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    if not raw and changes_live_content(update_fields):
        pages_changed()


def connect() -> None:
    for model in get_page_models():
        label = model._meta.label_lower
        post_save.connect(page_saved, sender=model, dispatch_uid=f"core.pages_version_saved.{label}")
        post_delete.connect(pages_changed, sender=model, dispatch_uid=f"core.pages_version_deleted.{label}")
    page_published.connect(pages_changed, dispatch_uid="core.pages_version_published")
    page_unpublished.connect(pages_changed, dispatch_uid="core.pages_version_unpublished")
    post_page_move.connect(pages_changed, dispatch_uid="core.pages_version_moved")
    post_save.connect(pages_changed, sender=PageViewRestriction, dispatch_uid="core.pages_version_restriction")
    post_delete.connect(
        pages_changed, sender=PageViewRestriction, dispatch_uid="core.pages_version_restriction_deleted"
    )
    for model in [Site, *settings_registry]:
        label = model._meta.label_lower
        receiver = site_changed if model is Site else site_setting_saved
        post_save.connect(receiver, sender=model, dispatch_uid=f"core.site_version_saved.{label}")
        post_delete.connect(site_changed, sender=model, dispatch_uid=f"core.site_version_deleted.{label}")
    image_model = get_image_model()
    post_save.connect(images_changed, sender=image_model, dispatch_uid="core.images_version_saved")
    post_delete.connect(images_changed, sender=image_model, dispatch_uid="core.images_version_deleted")
