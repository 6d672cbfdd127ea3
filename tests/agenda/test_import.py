"""Import of .ics files (admin view and management command): drafts, deduplication by UID, updates on
re-import, hostile files refused or cleaned, nothing half-imported."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from agenda import importing
from agenda.models import EventPage
from agenda.recurrence import PARIS
from tests.factories import CandidateFactory, EditorFactory

pytestmark = pytest.mark.django_db
URL = "/admin/agenda/import/"


def vevent(uid="forum-1@partenaire.test", summary="Forum des initiatives", **extra) -> str:
    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"SUMMARY:{summary}", "DTSTAMP:20260101T000000Z"]
    if "dtstart" not in extra:
        lines.append("DTSTART;TZID=Europe/Paris:20270329T100000")
    for name, value in extra.items():
        if value is not None:
            lines.append(f"{name.upper().replace('_', '-')}{value if value.startswith((';', ':')) else ':' + value}")
    lines.append("END:VEVENT")
    return "\r\n".join(lines)


def calendar(*events) -> bytes:
    return (
        "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Partenaire//FR", *events, "END:VCALENDAR"]) + "\r\n"
    ).encode()


GOOD = calendar(
    vevent(
        dtend=";TZID=Europe/Paris:20270329T123000",
        location="Salle des fêtes\\, Rennes",
        url="https://partenaire.test/forum",
        description="Programme\\n\\nAteliers et débats",
    ),
    vevent(
        uid="salon@partenaire.test",
        summary="Salon de l’ESS",
        dtstart=";VALUE=DATE:20270610",
        dtend=";VALUE=DATE:20270612",
    ),
    vevent(
        uid="webinaire@partenaire.test",
        summary="Webinaire",
        dtstart=":20270401T160000Z",
        duration="PT1H30M",
        location="https://visio.partenaire.test/salle",
    ),
)


@pytest.fixture
def editor_client(client, agenda_page):
    client.force_login(EditorFactory())
    return client


def upload(content: bytes, name="partenaire.ics"):
    return SimpleUploadedFile(name, content, content_type="text/calendar")


def test_an_editor_imports_events_as_drafts(editor_client, agenda_page):
    response = editor_client.post(URL, {"ics_file": upload(GOOD)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 créé(s), 0 mis à jour, 0 ignoré(s)." in html
    events = {event.source_uid: event for event in EventPage.objects.all()}
    assert set(events) == {"forum-1@partenaire.test", "salon@partenaire.test", "webinaire@partenaire.test"}
    assert not any(event.live for event in events.values())
    assert all(event.get_parent().pk == agenda_page.pk for event in events.values())
    forum = events["forum-1@partenaire.test"]
    assert forum.local_start == dt.datetime(2027, 3, 29, 10, tzinfo=PARIS)
    assert forum.start.astimezone(dt.UTC).hour == 8
    assert forum.local_end.hour == 12 and forum.local_end.minute == 30
    assert forum.venue == "Salle des fêtes, Rennes"
    assert forum.registration_url == "https://partenaire.test/forum"
    assert "Ateliers et débats" in str(forum.body)
    salon = events["salon@partenaire.test"]
    assert salon.all_day and salon.local_start.date() == dt.date(2027, 6, 10)
    assert salon.local_end.date() == dt.date(2027, 6, 11)  # DTEND of a date is exclusive
    webinaire = events["webinaire@partenaire.test"]
    assert webinaire.local_start.hour == 18 and webinaire.end - webinaire.start == dt.timedelta(minutes=90)
    assert webinaire.attendance_mode == EventPage.AttendanceMode.ONLINE
    assert webinaire.online_url == "https://visio.partenaire.test/salle"


def test_reimport_skips_unchanged_events_and_updates_changed_ones_in_a_draft(editor_client, agenda_page):
    editor_client.post(URL, {"ics_file": upload(GOOD)})
    forum = EventPage.objects.get(source_uid="forum-1@partenaire.test")
    forum.title = "Forum corrigé par la rédaction"
    forum.save_revision().publish()
    # The same file again: nothing changes, the editor's correction stays.
    response = editor_client.post(URL, {"ics_file": upload(GOOD)})
    assert "0 créé(s), 0 mis à jour, 3 ignoré(s)." in response.content.decode()
    assert "inchangé depuis le dernier import" in response.content.decode()
    forum.refresh_from_db()
    assert forum.title == "Forum corrigé par la rédaction"
    # The partner moves the forum: a new draft revision, the live page unchanged until published.
    changed = GOOD.replace(b"20270329T", b"20270330T").replace(
        b"SUMMARY:Forum des initiatives", b"SUMMARY:Forum des initiatives\r\nSEQUENCE:1"
    )
    response = editor_client.post(URL, {"ics_file": upload(changed)})
    assert "0 créé(s), 1 mis à jour, 2 ignoré(s)." in response.content.decode()
    assert EventPage.objects.count() == 3
    forum.refresh_from_db()
    assert forum.live and forum.local_start.day == 29
    assert forum.has_unpublished_changes
    draft = forum.get_latest_revision_as_object()
    assert draft.local_start.day == 30
    # An older SEQUENCE than the one imported is not applied.
    older = GOOD.replace(b"20270329T", b"20270331T")
    response = editor_client.post(URL, {"ics_file": upload(older)})
    assert "version plus ancienne" in response.content.decode()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "Le fichier est vide."),
        (b"<html><body>Bonjour</body></html>", "n’est pas un calendrier iCalendar"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:zzz\r\nEND:VCALENDAR\r\n", "mal formé"),
        (calendar(), "aucun événement"),
    ],
)
def test_malformed_files_are_refused_in_french(editor_client, content, message):
    response = editor_client.post(URL, {"ics_file": upload(content or b" ")})
    assert response.status_code == 400
    assert message in response.content.decode().replace("\u00a0", " ")
    assert "rien n’a été importé" in response.content.decode()
    assert not EventPage.objects.exists()


def test_a_huge_file_is_refused(editor_client):
    padding = "X-PADDING:" + "a" * 70
    huge = calendar(*[vevent(uid=f"e{n}", x_padding=padding) for n in range(1)]) + b"\r\n".join(
        [padding.encode()] * 30_000
    )
    assert len(huge) > importing.MAX_ICS_BYTES
    response = editor_client.post(URL, {"ics_file": upload(huge)})
    assert response.status_code == 400
    assert "dépasse 2 Mo" in response.content.decode()
    assert not EventPage.objects.exists()


def test_thousands_of_events_are_refused_as_a_whole(editor_client):
    many = calendar(*[vevent(uid=f"e{n}@p.test", summary=f"Événement {n}") for n in range(importing.MAX_EVENTS + 1)])
    response = editor_client.post(URL, {"ics_file": upload(many)})
    assert response.status_code == 400
    assert "plus de 500 événements" in response.content.decode()
    assert not EventPage.objects.exists()


def test_hostile_text_is_stripped_and_bad_events_are_skipped_with_reasons(editor_client):
    hostile = calendar(
        vevent(
            uid="hostile@p.test",
            summary="<script>alert(1)</script>Forum <b>solidaire</b>",
            description="<img src=x onerror=alert(1)>Texte &lt;script&gt;alert(2)&lt;/script&gt; sûr",
            location="<iframe src=//evil></iframe>Maison de l’ESS",
            url="javascript:alert(1)",
        ),
        vevent(uid="sans-date@p.test", summary="Sans date", dtstart=None).replace(
            "DTSTART;TZID=Europe/Paris:20270329T100000\r\n", ""
        ),
        vevent(uid="loin@p.test", summary="Trop loin", dtstart=";TZID=Europe/Paris:20310101T100000"),
        vevent(uid="passe@p.test", summary="Déjà passé", dtstart=";TZID=Europe/Paris:20200101T100000"),
        vevent(uid="", summary="Sans UID").replace("UID:\r\n", ""),
        vevent(uid="hostile@p.test", summary="Doublon"),
    )
    response = editor_client.post(URL, {"ics_file": upload(hostile)})
    html = response.content.decode()
    assert "1 créé(s), 0 mis à jour, 5 ignoré(s)." in html
    for reason in (
        "sans date de début (DTSTART)",
        "commence dans plus de deux ans",
        "déjà passé",
        "sans identifiant (UID)",
        "UID en double",
    ):
        assert reason in html, reason
    event = EventPage.objects.get()
    assert event.title == "Forum solidaire"
    assert event.venue == "Maison de l’ESS"
    assert event.registration_url == ""
    body = str(event.body)
    assert "<script" not in body and "onerror" not in body and "alert(2)" not in body
    assert "<script>alert" not in html and "onerror" not in html


def test_nothing_is_half_imported_when_an_event_fails(editor_client, monkeypatch):
    original = importing.imported_fields
    calls = []

    def failing(parsed):
        calls.append(parsed.uid)
        if len(calls) == 2:
            raise RuntimeError("boom")
        return original(parsed)

    monkeypatch.setattr(importing, "imported_fields", failing)
    with pytest.raises(RuntimeError):
        importing.import_events(GOOD, index=_index())
    assert not EventPage.objects.exists()


def _index():
    from agenda.models import AgendaIndexPage

    return AgendaIndexPage.objects.get()


def test_only_editors_reach_the_import(client, agenda_page):
    assert client.get(URL).status_code == 302  # to the login page
    client.force_login(CandidateFactory())
    assert client.get(URL).status_code in (302, 403)
    client.force_login(EditorFactory())
    response = client.get(URL)
    assert response.status_code == 200
    assert "Importer un calendrier" in response.content.decode()
    assert "/admin/agenda/import/" in client.get("/admin/").content.decode()


def test_the_management_command(agenda_page, tmp_path):
    path = tmp_path / "partenaire.ics"
    path.write_bytes(GOOD)
    out = io.StringIO()
    call_command("import_ics", str(path), stdout=out)
    assert "3 créé(s), 0 mis à jour, 0 ignoré(s)." in out.getvalue()
    call_command("import_ics", str(path), stdout=out)
    assert EventPage.objects.count() == 3
    bad = tmp_path / "bad.ics"
    bad.write_bytes(b"not a calendar")
    with pytest.raises(CommandError, match="n’est pas un calendrier"):
        call_command("import_ics", str(bad), stdout=out)
    with pytest.raises(CommandError, match="introuvable"):
        call_command("import_ics", str(tmp_path / "absent.ics"), stdout=out)


def test_simple_recurrences_are_imported_others_keep_their_first_date(editor_client):
    content = calendar(
        vevent(
            uid="mardi@p.test",
            summary="Premier mardi",
            dtstart=";TZID=Europe/Paris:20270105T183000",
            dtend=";TZID=Europe/Paris:20270105T200000",
            rrule="FREQ=MONTHLY;BYDAY=1TU;COUNT=6",
        ),
        vevent(
            uid="hebdo@p.test",
            summary="Chaque jeudi",
            dtstart=";TZID=Europe/Paris:20270107T090000",
            rrule="FREQ=WEEKLY;INTERVAL=2;UNTIL=20270401T000000Z",
        ),
        vevent(
            uid="complexe@p.test",
            summary="Complexe",
            dtstart=";TZID=Europe/Paris:20270107T090000",
            rrule="FREQ=DAILY;BYHOUR=9,14",
        ),
    )
    response = editor_client.post(URL, {"ics_file": upload(content)})
    assert "3 créé(s)" in response.content.decode()
    assert "répétition non reprise" in response.content.decode()
    mardi = EventPage.objects.get(source_uid="mardi@p.test")
    assert mardi.recurrence_rule == EventPage.Recurrence.MONTHLY_NTH_WEEKDAY
    assert mardi.recurrence_until == dt.date(2027, 6, 1)
    assert mardi.occurrences.count() == 6
    hebdo = EventPage.objects.get(source_uid="hebdo@p.test")
    assert hebdo.recurrence_rule == EventPage.Recurrence.WEEKLY and hebdo.recurrence_interval == 2
    assert [o.local_start.date() for o in hebdo.occurrences.order_by("start")][-1] == dt.date(2027, 3, 18)
    assert EventPage.objects.get(source_uid="complexe@p.test").recurrence_rule == EventPage.Recurrence.NONE


def test_the_import_page_has_one_heading(editor_client):
    from tests.home.html import h1s

    assert h1s(editor_client.get(URL)) == ["Importer un calendrier (.ics)"]
