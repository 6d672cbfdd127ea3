"""Job offers: `offers` holds the offers, their states and what hangs on them (recruiter side), `public`
the partners who show them elsewhere, `pages` the job board page that serves them (its routes import the
view modules, which take the data models from `offers` and `public`, never from this package)."""

from .offers import *  # noqa
from .public import *  # noqa
from .candidates import *  # noqa
from .pages import *  # noqa
