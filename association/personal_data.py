"""The association's part of a person's data (`accounts.personal_data`): their memberships and payments,
their correspondent record and the « Parler à quelqu’un » requests sent from their address, in the
export; on deletion, the identity goes while the payments the accounts need stay, anonymised."""

import json

from django.db import transaction
from django.utils.translation import gettext as _

from .models import ContactRequest, Correspondent, Membership, Payment


def _contact_requests(user):
    return ContactRequest.objects.filter(email__iexact=user.email) if user.email else ContactRequest.objects.none()


def export(user) -> dict[str, bytes]:
    memberships = Membership.objects.filter(user=user).prefetch_related("payments").order_by("year")
    data: dict = {
        "adhesions": [
            {
                "annee": membership.year,
                "categorie": membership.get_category_display(),
                "tarif": membership.get_tier_display(),
                "cotisation_euros": membership.fee,
                "nom_du_membre": membership.display_name,
                "representant": membership.representative,
                "etat": membership.get_status_display(),
                "reference": str(membership.reference),
                "creee_le": membership.created.isoformat(),
                "payee_le": membership.paid_at.isoformat() if membership.paid_at else None,
                "paiements": [
                    {
                        "montant_euros": f"{payment.amount_cents / 100:.2f}",
                        "moyen": payment.get_method_display(),
                        "recu_le": payment.received_at.isoformat(),
                    }
                    for payment in membership.payments.all()
                ],
            }
            for membership in memberships
        ],
        "demandes_parler_a_quelqu_un": [
            {
                "recue_le": row.created.isoformat(),
                "nom": row.name,
                "vous_etes": row.get_who_display(),
                "pourquoi": row.reason,
                "comment_vous_joindre": row.get_channel_display(),
                "telephone": row.phone,
                "adresse": row.email,
                "moments": row.availability,
                "etat": row.get_status_display(),
            }
            for row in _contact_requests(user).order_by("created")
        ],
    }
    correspondent = Correspondent.objects.filter(user=user).select_related("region", "departement").first()
    if correspondent is not None:
        data["correspondant"] = {
            "nom_affiche": correspondent.name,
            "territoire": str(correspondent.territory),
            "liste_publique": correspondent.public,
            "presentation": correspondent.presentation,
        }
    if not (data["adhesions"] or data["demandes_parler_a_quelqu_un"] or correspondent):
        return {}
    return {"association.json": json.dumps(data, ensure_ascii=False, indent=2).encode()}


@transaction.atomic
def forget(user) -> None:
    """Before the account goes: memberships that received money stay for the accounts, detached from the
    account and without the member's names (nor the payments' notes, which may name them); the others
    (unpaid, or at the free solidarity tier) are deleted, as are the contact requests sent from the
    account's address. The correspondent record goes with the account (cascade)."""
    kept = set(
        Payment.objects.filter(membership__user=user, amount_cents__gt=0).values_list("membership_id", flat=True)
    )
    Payment.objects.filter(membership__in=kept).update(note="")
    Membership.objects.filter(pk__in=kept).update(user=None, display_name=_("Adhérent·e supprimé·e"), representative="")
    Membership.objects.filter(user=user).delete()
    _contact_requests(user).delete()
