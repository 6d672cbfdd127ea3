"""Reference data is loaded by its migrations; the demo seeder only checks it is there."""

from .models import Commune, ContractType, Departement, LegalForm, Region, Sector


def seed(scale: str, stdout) -> None:
    counts = {
        "régions": Region.objects.count(),
        "départements": Departement.objects.count(),
        "communes": Commune.objects.count(),
        "secteurs": Sector.objects.count(),
        "formes juridiques": LegalForm.objects.count(),
        "types de contrat": ContractType.objects.count(),
    }
    missing = [name for name, count in counts.items() if not count]
    if missing:
        stdout.write(
            f"Référentiels incomplets ({', '.join(missing)}) : lancez « python manage.py migrate » "
            "puis « python manage.py load_reference_data »."
        )
    else:
        stdout.write("Référentiels : " + ", ".join(f"{count} {name}" for name, count in counts.items()) + ".")
