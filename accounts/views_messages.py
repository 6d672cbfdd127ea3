"""/espace/messages/: the signed-in person's conversations, each readable by its two participants only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core import throttling

from . import messaging
from .message_forms import MessageForm
from .models import MessageThread


@login_required
def thread_list(request):
    paginator = Paginator(messaging.threads_for(request.user), 20)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "accounts/messages/list.html", {"page_obj": page, "threads": page.object_list})


def send_message_or_error(request, form, send) -> bool:
    """Check the rate limit, run `send()` once the form is valid, count it; errors go to the form."""
    who = throttling.requester(request)
    if throttling.is_limited(messaging.RATE_SCOPE, who):
        form.add_error(None, _("Trop de messages en peu de temps : réessayez dans une heure."))
        return False
    if not form.is_valid():
        return False
    try:
        send(form.cleaned_data["body"])
    except ValidationError as error:
        form.add_error(None, error)
        return False
    throttling.hit(messaging.RATE_SCOPE, who)
    return True


@login_required
def thread_detail(request, pk: int):
    thread = get_object_or_404(MessageThread.objects.of(request.user).select_related("starter", "recipient"), pk=pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        if send_message_or_error(request, form, lambda body: messaging.post_message(thread, request.user, body)):
            messages.success(request, _("Votre message est envoyé."))
            return redirect(thread.get_absolute_url())
    messaging.mark_read(thread, request.user)
    context = {
        "thread": thread,
        "other": thread.other(request.user),
        "thread_messages": thread.messages.select_related("sender"),
        "form": form,
    }
    return render(request, "accounts/messages/thread.html", context, status=400 if form.errors else 200)


@csrf_exempt  # the signed token is the credential; mail clients' one-click POST (RFC 8058) carries no cookie
def notifications_off(request, token):
    """Stop the new-message emails from the link in one of them (GET confirms, POST does it, no login)."""
    user = messaging.user_from_notifications_token(token)
    if user is None:
        return render(request, "accounts/messages/notifications_off.html", {"invalid": True}, status=404)
    if request.method == "POST":
        messaging.turn_notifications_off(user)
        return render(request, "accounts/messages/notifications_off.html", {"done": True})
    return render(request, "accounts/messages/notifications_off.html", {})


@login_required
@require_POST
def notifications_setting(request):
    """The switch of /espace/messages/: an email at each new message, or none (the messages stay here)."""
    on = request.POST.get("courriels") == "oui"
    messaging.set_notifications(request.user, on)
    if on:
        messages.success(request, _("Vous recevrez un courriel à chaque nouveau message."))
    else:
        messages.success(request, _("Vous ne recevrez plus de courriel\u00a0; vos messages restent lisibles ici."))
    return redirect("messages_list")
