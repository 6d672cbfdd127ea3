"""Job offers: `offers` holds the offers, their states and what hangs on them (recruiter side);
`public` holds what the public side adds (listing page, partners)."""

from .offers import *  # noqa
from .public import *  # noqa
