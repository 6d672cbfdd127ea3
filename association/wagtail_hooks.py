"""The association in the Wagtail admin: its snippets (`association.viewsets`); a payment recorded by
staff makes its membership up to date once the fee is reached; a correspondent saved gets the page
permissions of their territory's section only."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import services
from .models import Correspondent, Payment
from .viewsets import AssociationViewSetGroup

register_snippet(AssociationViewSetGroup())


@hooks.register("after_create_snippet")
def after_payment_recorded(request, instance):
    if isinstance(instance, Payment):
        if instance.recorded_by_id is None:
            Payment.objects.filter(pk=instance.pk).update(recorded_by=request.user)
        services.settle(instance.membership)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def after_correspondent_saved(request, instance):
    if isinstance(instance, Correspondent):
        services.grant_correspondent(instance)
