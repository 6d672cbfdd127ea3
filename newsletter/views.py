"""Public views of the newsletter. Thin: the rules live in `services`.

The sign-up takes no CSRF token: its box is in the footer of every (cached) page, and all it can do is
send a confirmation link to the address typed (double opt-in), under a rate limit and a spam trap.
The one-click unsubscription (RFC 8058) is a POST from the mail client: no login, no CSRF, no confirmation
page; a GET (a link scanner, or a reader's click) shows a one-button form instead of acting.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Site

from core import throttling

from . import services
from .forms import PreferencesForm, SignupForm
from .models import MailingList, Subscriber
from .tokens import (
    InvalidToken,
    preferences_token,
    read_confirmation_token,
    read_preferences_token,
    read_unsubscribe_token,
)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.method != "POST":
        form = SignupForm(initial={"page": request.GET.get("depuis", "")}, site=Site.find_for_request(request))
        return render(request, "newsletter/signup.html", {"form": form})
    form = SignupForm(request.POST, site=Site.find_for_request(request))
    status = 400
    if form.is_valid():
        email = services.normalise_email(form.cleaned_data["email"])
        scopes = {"newsletter.signup.ip": throttling.client_ip(request), "newsletter.signup.email": email}
        if any(throttling.is_limited(scope, value) for scope, value in scopes.items()):
            status = 429
            form.add_error(None, _("Trop de demandes d’inscription en peu de temps\u00a0: réessayez plus tard."))
        else:
            services.request_subscription(
                email,
                form.cleaned_data["lists"],
                page=form.cleaned_data["page"],
                base=request.build_absolute_uri("/").rstrip("/"),
            )
            throttling.hit_all(scopes)
            return redirect("newsletter:signup_sent")
    return render(request, "newsletter/signup.html", {"form": form}, status=status)


@never_cache
def signup_sent(request):
    return render(request, "newsletter/signup_sent.html")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button (mail scanners open links), POST confirms."""
    try:
        read_confirmation_token(token)
    except InvalidToken as error:
        return render(request, "newsletter/invalid_link.html", {"expired": error.expired}, status=400)
    if request.method != "POST":
        return render(request, "newsletter/confirm.html")
    try:
        subscriber = services.confirm(token)
    except InvalidToken as error:
        return render(request, "newsletter/invalid_link.html", {"expired": error.expired}, status=400)
    messages.success(request, _("Votre inscription est confirmée. Merci\u00a0!"))
    return redirect("newsletter:preferences", token=preferences_token(subscriber.pk))


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    try:
        subscriber = Subscriber.objects.filter(pk=read_preferences_token(token)).first()
    except InvalidToken:
        subscriber = None
    if subscriber is None:
        return render(request, "newsletter/invalid_link.html", {"expired": False}, status=400)
    blocked = subscriber.is_blocked
    subscribed = list(subscriber.lists.values_list("pk", flat=True))
    site = Site.find_for_request(request)
    if request.method == "POST" and not blocked:
        form = PreferencesForm(request.POST, site=site, subscribed=subscribed)
        if form.is_valid():
            services.update_preferences(subscriber, list(form.cleaned_data["lists"]))
            if form.cleaned_data["lists"]:
                messages.success(request, _("Vos choix sont enregistrés."))
            else:
                messages.success(request, _("Vous êtes désinscrit·e de toutes les lettres."))
            return redirect("newsletter:preferences", token=token)
        status = 400
    else:
        form = PreferencesForm(initial={"lists": subscribed}, site=site, subscribed=subscribed)
        status = 200
    context = {"form": form, "subscriber": subscriber, "blocked": blocked}
    return render(request, "newsletter/preferences.html", context, status=status)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        subscriber_id, list_id = read_unsubscribe_token(token)
    except InvalidToken:
        return render(request, "newsletter/invalid_link.html", {"expired": False}, status=400)
    mailing_list = MailingList.objects.filter(pk=list_id).first()
    if request.method == "POST":
        subscriber = services.unsubscribe(subscriber_id, list_id)
        context = {"done": True, "mailing_list": mailing_list, "subscriber": subscriber}
        if subscriber is not None:
            context["preferences_token"] = preferences_token(subscriber.pk)
        return render(request, "newsletter/unsubscribe.html", context)
    return render(request, "newsletter/unsubscribe.html", {"done": False, "mailing_list": mailing_list})
