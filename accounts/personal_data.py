"""What the site holds about a person: the export (a ZIP of JSON files, and whatever the features add,
such as the PDF CV) and the deletion of the account. Features register their part here (`register`,
called from their `AppConfig.ready`), since accounts never imports them: each gives a function returning
its files for a user, and one that runs before the account is deleted (anonymising what must stay, such
as applications already sent)."""

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from .models import Message, MessageThread, User


@dataclass(frozen=True)
class DataProvider:
    name: str
    export: Callable[[User], dict[str, bytes]]
    forget: Callable[[User], None] | None = None


PROVIDERS: dict[str, DataProvider] = {}


def register(name: str, export, forget=None) -> None:
    PROVIDERS[name] = DataProvider(name, export, forget)


def account_data(user: User) -> dict:
    threads = MessageThread.objects.filter(Q(starter=user) | Q(recipient=user)).select_related("starter", "recipient")
    messages = Message.objects.filter(thread__in=threads).select_related("sender").order_by("thread", "created")
    by_thread: dict[int, list] = {}
    for message in messages:
        by_thread.setdefault(message.thread_id, []).append(
            {
                "de": "moi" if message.sender_id == user.pk else message.sender.display_name,
                "envoye_le": message.created.isoformat(),
                "message": message.body,
            }
        )
    return {
        "compte": {
            "adresse": user.email,
            "prenom": user.first_name,
            "nom": user.last_name,
            "roles": [role.value for role in user.roles],
            "inscrit_le": user.date_joined.isoformat(),
            "derniere_connexion": user.last_login.isoformat() if user.last_login else None,
        },
        "conversations": [
            {
                "avec": thread.other(user).display_name,
                "objet": thread.subject,
                "messages": by_thread.get(thread.pk, []),
            }
            for thread in threads
        ],
    }


def export_zip(user: User) -> bytes:
    """Everything held about `user`, as a ZIP: `compte.json`, then one folder per feature."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("compte.json", json.dumps(account_data(user), ensure_ascii=False, indent=2))
        for provider in PROVIDERS.values():
            for filename, content in provider.export(user).items():
                archive.writestr(f"{provider.name}/{filename}", content)
    return buffer.getvalue()


@transaction.atomic
def delete_account(user: User) -> None:
    """Delete the account: each feature first does what must survive it (anonymising), then the row
    and everything that cascades from it go."""
    for provider in PROVIDERS.values():
        if provider.forget is not None:
            provider.forget(user)
    user.delete()
