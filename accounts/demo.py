"""Demo accounts: one per role, and at full scale the volume of candidates used by benchmarks."""

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from .models import EDITOR_GROUP, MODERATOR_GROUP, User

DEMO_PASSWORD = "solidaires-demo"

# (email, label shown by `make run`)
DEMO_USERS = [
    ("admin@solidaires.test", "Administration"),
    ("redaction@solidaires.test", "Rédaction (rédactrice)"),
    ("moderation@solidaires.test", "Rédaction (modérateur)"),
    ("recruteur@solidaires.test", "Recruteur·se"),
    ("candidate@solidaires.test", "Candidat·e"),
    ("consultant@solidaires.test", "Consultant·e"),
]

PEOPLE = {
    "admin@solidaires.test": dict(first_name="Camille", last_name="Administratrice", is_staff=True, is_superuser=True),
    "redaction@solidaires.test": dict(first_name="Léa", last_name="Moreau", is_staff=True),
    "moderation@solidaires.test": dict(first_name="Karim", last_name="Benali", is_staff=True),
    "recruteur@solidaires.test": dict(first_name="Sophie", last_name="Garnier", is_recruiter=True),
    "candidate@solidaires.test": dict(first_name="Thomas", last_name="Lefèvre", is_candidate=True),
    "consultant@solidaires.test": dict(first_name="Nadia", last_name="Ferrand", is_consultant=True),
}
GROUPS = {"redaction@solidaires.test": EDITOR_GROUP, "moderation@solidaires.test": MODERATOR_GROUP}

FULL_SCALE_CANDIDATES = 50_000
FIRST_NAMES = [
    "Camille",
    "Louis",
    "Inès",
    "Hugo",
    "Manon",
    "Yanis",
    "Chloé",
    "Nathan",
    "Sarah",
    "Lucas",
    "Emma",
    "Mohamed",
    "Léna",
    "Arthur",
    "Aïcha",
    "Jules",
    "Zoé",
    "Mathis",
    "Fatou",
    "Paul",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Nguyen",
    "Diallo",
    "Traoré",
    "Haddad",
]


def seed(scale: str, stdout) -> None:
    password_hash = make_password(DEMO_PASSWORD)
    for email, _label in DEMO_USERS:
        user, created = User.objects.get_or_create(email=email, defaults={**PEOPLE[email], "password": password_hash})
        if email in GROUPS:
            user.groups.add(Group.objects.get(name=GROUPS[email]))
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        if created:
            stdout.write(f"Compte créé : {email}")
    if scale == "full":
        seed_candidates(FULL_SCALE_CANDIDATES, stdout)


def seed_candidates(count: int, stdout, batch_size: int = 5000) -> None:
    """Bulk-create `count` candidate accounts (demo-candidat-N@solidaires.test), skipping existing ones."""
    existing = User.objects.filter(email__startswith="demo-candidat-").count()
    if existing >= count:
        return
    password_hash = make_password(DEMO_PASSWORD)
    for start in range(existing, count, batch_size):
        users = [
            User(
                email=f"demo-candidat-{number}@solidaires.test",
                first_name=FIRST_NAMES[number % len(FIRST_NAMES)],
                last_name=LAST_NAMES[(number // len(FIRST_NAMES)) % len(LAST_NAMES)],
                password=password_hash,
                is_candidate=True,
            )
            for number in range(start, min(start + batch_size, count))
        ]
        User.objects.bulk_create(users, batch_size=batch_size, ignore_conflicts=True)
    stdout.write(f"{count} comptes candidat·es (échelle complète).")
