"""Signal receivers of job offers, connected in `EmploiConfig.ready()`.

- Any save or deletion of an offer or a partner (or of a partner's chosen vocabularies) bumps the offers'
  version: listings, feeds, partners' exports and blocks cached under it are forgotten at once.
- Any change of a vocabulary or territory clears the filters' cached options.
- Any change of a page view restriction, or of the job board page, forgets the board's cached address:
  blocks list offers only while the board is public.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from reference.models import ContractType, Departement, Region, Sector

from . import blocks, filters, listings
from .models import JobFunction, JobOffer, OffersIndexPage, Partner


def connect():
    bump_offers_version = listings.bump_offers_cache_version
    clear_filter_options = filters.clear_options_cache
    post_save.connect(bump_offers_version, sender=JobOffer, dispatch_uid="emploi_public_offer_saved")
    post_delete.connect(bump_offers_version, sender=JobOffer, dispatch_uid="emploi_public_offer_deleted")
    post_save.connect(bump_offers_version, sender=Partner, dispatch_uid="emploi_partner_saved")
    post_delete.connect(bump_offers_version, sender=Partner, dispatch_uid="emploi_partner_deleted")
    for through in (Partner.contract_types.through, Partner.functions.through, Partner.sectors.through):
        m2m_changed.connect(bump_offers_version, sender=through, dispatch_uid=f"emploi_partner_{through.__name__}")
    for model in (ContractType, JobFunction, Sector, Region, Departement):
        post_save.connect(clear_filter_options, sender=model, dispatch_uid=f"emploi_options_{model.__name__}")
        post_delete.connect(clear_filter_options, sender=model, dispatch_uid=f"emploi_options_del_{model.__name__}")
    forget_board = blocks.forget_offers_index_url
    post_save.connect(forget_board, sender=PageViewRestriction, dispatch_uid="emploi_board_restriction_saved")
    post_delete.connect(forget_board, sender=PageViewRestriction, dispatch_uid="emploi_board_restriction_deleted")
    for name, signal in [
        ("published", page_published),
        ("unpublished", page_unpublished),
        ("saved", post_save),
        ("deleted", post_delete),
    ]:
        signal.connect(forget_board, sender=OffersIndexPage, dispatch_uid=f"emploi_board_{name}")
