"""The association's pages: join and renew, the member's space and attestation, HelloAsso's webhook,
the correspondents' list, « Parler à quelqu’un », and the general assembly's lists (with permission)."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.http.request import RawPostDataException
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core import throttling
from core.pdf import PdfUnavailable, pdf_response, render_pdf

from . import fees, services
from .forms import AssemblyDateForm, ContactRequestForm, ConvocationForm, MembershipForm
from .models import ContactRequest, Correspondent, Membership

JOIN_SCOPE = "association.join"
CONTACT_SCOPE = "association.contact"
MEMBERS_PERMISSION = "association.view_members"


def join(request):
    """Anyone reads the fees; signed-in people fill in the form (the others are invited to sign in)."""
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(
            request,
            "association/join.html",
            {"form": None, "year": timezone.localdate().year, "floors": fee_floors(), "tiers": fees.Tier.labels},
        )
    year = services.next_year_to_join(request.user)
    data = request.POST if request.method == "POST" else None
    form = MembershipForm(data, initial=services.renewal_initial(request.user))
    if request.method == "POST":
        if throttling.is_limited(JOIN_SCOPE, throttling.requester(request)):
            form.add_error(None, _("Trop d’envois en peu de temps : réessayez dans une heure."))
        elif form.is_valid():
            try:
                services.join(
                    request.user,
                    year=year,
                    **{name: form.cleaned_data[name] for name in MembershipForm.Meta.fields},
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                throttling.hit(JOIN_SCOPE, throttling.requester(request))
                messages.success(request, _("Votre demande d’adhésion est enregistrée."))
                return redirect("association:space")
    return render(
        request,
        "association/join.html",
        {"form": form, "year": year, "floors": fee_floors(), "tiers": fees.Tier.labels},
        status=400 if request.method == "POST" else 200,
    )


def fee_floors() -> list[tuple[str, list]]:
    """The minimum fee of each tier, per category (the table of the join page)."""
    return [(fees.Category(c).label, [floors[t] for t in fees.Tier.values]) for c, floors in fees.FLOORS.items()]


@login_required
def space(request):
    memberships = list(Membership.objects.filter(user=request.user).order_by("-year"))
    today = timezone.localdate()
    current = next((m for m in memberships if m.year == today.year), None)
    return render(
        request,
        "association/space.html",
        {
            "memberships": memberships,
            "current": current,
            "checkout_url": settings.HELLOASSO_CHECKOUT_URL,
            "can_renew": not any(m.year > today.year or (m.year == today.year and not m.is_paid) for m in memberships)
            or current is None,
        },
    )


@login_required
def attestation(request, pk: int):
    membership = get_object_or_404(Membership, pk=pk, user=request.user, status=Membership.Status.PAID)
    try:
        pdf = render_pdf("association/pdf/attestation.html", {"membership": membership, "today": timezone.localdate()})
    except PdfUnavailable as error:
        messages.error(request, str(error))
        return redirect("association:space")
    return pdf_response(pdf, f"attestation-adhesion-{membership.year}.pdf")


@csrf_exempt
@require_POST
def helloasso_webhook(request):
    try:
        body = request.body
    except RawPostDataException:  # a form upload, already read as such: not HelloAsso's JSON
        return JsonResponse({"erreur": _("Contenu illisible.")}, status=400)
    try:
        services.handle_helloasso(body, request.headers.get("X-Ha-Signature", ""))
    except services.WebhookRefused as error:
        return JsonResponse({"erreur": str(error)}, status=error.status)
    return JsonResponse({"ok": True})


def correspondents(request):
    rows = (
        Correspondent.objects.filter(public=True)
        .select_related("region", "departement", "departement__region")
        .order_by("region__name", "departement__name", "name")
    )
    territories: dict[str, list] = {}
    for row in rows:
        territories.setdefault(str(row.territory), []).append(row)
    return render(request, "association/correspondents.html", {"territories": sorted(territories.items())})


def contact(request):
    data = request.POST if request.method == "POST" else None
    initial = {}
    if request.user.is_authenticated:
        initial = {"email": request.user.email, "name": request.user.get_full_name()}
        if request.user.is_recruiter:
            initial["who"] = "recruiter"
        elif request.user.is_candidate:
            initial["who"] = "candidate"
    # The personal spaces' links say who is asking (`?de=candidate`); anything else is ignored.
    if request.GET.get("de") in ContactRequest.Who.values:
        initial["who"] = request.GET["de"]
    form = ContactRequestForm(data, initial=initial)
    if request.method == "POST":
        if throttling.is_limited(CONTACT_SCOPE, throttling.requester(request)):
            form.add_error(None, _("Trop de demandes en peu de temps : réessayez dans une heure."))
        elif form.is_valid():
            services.receive_contact_request(form.save(commit=False))
            throttling.hit(CONTACT_SCOPE, throttling.requester(request))
            return redirect("association:contact_thanks")
    return render(request, "association/contact.html", {"form": form}, status=400 if request.method == "POST" else 200)


def contact_thanks(request):
    return render(request, "association/contact_thanks.html")


# --- General assembly (staff with the permission) ------------------------------------------------------


def _assembly_date(request) -> datetime.date:
    return AssemblyDateForm(request.GET or None).date() if request.GET.get("on") else timezone.localdate()


@permission_required(MEMBERS_PERMISSION, raise_exception=True)
def assembly(request):
    form = AssemblyDateForm(request.GET or None)
    on = form.date() if request.GET.get("on") else timezone.localdate()
    convocation = ConvocationForm(request.POST or None, initial={"on": on})
    if request.method == "POST" and convocation.is_valid():
        count = services.send_convocation(
            convocation.cleaned_data["on"],
            subject=convocation.cleaned_data["subject"],
            text=convocation.cleaned_data["text"],
        )
        messages.success(request, _("Convocation envoyée à %(count)s adhérent·es.") % {"count": count})
        return redirect(f"{request.path}?on={convocation.cleaned_data['on'].isoformat()}")
    voters = list(services.voters(on))
    return render(
        request,
        "association/assembly.html",
        {"form": form, "on": on, "voters": voters, "convocation": convocation},
        status=400 if request.method == "POST" else 200,
    )


@permission_required(MEMBERS_PERMISSION, raise_exception=True)
def assembly_csv(request):
    on = _assembly_date(request)
    response = HttpResponse(services.voters_csv(on), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="votants-{on.isoformat()}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def _assembly_pdf(request, template: str, filename: str):
    on = _assembly_date(request)
    try:
        pdf = render_pdf(template, {"on": on, "voters": list(services.voters(on))})
    except PdfUnavailable as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    return pdf_response(pdf, f"{filename}-{on.isoformat()}.pdf")


@permission_required(MEMBERS_PERMISSION, raise_exception=True)
def assembly_sign_in_sheet(request):
    return _assembly_pdf(request, "association/pdf/sign_in_sheet.html", "emargement")


@permission_required(MEMBERS_PERMISSION, raise_exception=True)
def assembly_proxy_form(request):
    return _assembly_pdf(request, "association/pdf/proxy_form.html", "pouvoir")
