"""The annuaire's models: `organisations` holds the organisations and their members, `pages` the public
directory page that serves them (`OrganisationIndexPage`, /annuaire/). Import paths stay
`annuaire.models.Organisation`; the directory's views take the data models from `organisations`."""

from .organisations import *  # noqa
from .pages import *  # noqa
