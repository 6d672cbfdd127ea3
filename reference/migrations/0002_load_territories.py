"""Load régions, départements, communes and postcodes from the files committed in reference/data/."""

from django.db import migrations


def load(apps, schema_editor):
    from reference.loading import ReferenceModels, load_reference_data

    load_reference_data(ReferenceModels.from_apps(apps))


def unload(apps, schema_editor):
    from reference.loading import ReferenceModels, unload_reference_data

    unload_reference_data(ReferenceModels.from_apps(apps))


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]

    operations = [migrations.RunPython(load, unload, elidable=False)]
