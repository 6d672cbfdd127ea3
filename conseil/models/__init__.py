from .pages import ConsultantIndexPage
from .profiles import (
    ConsultantProfile,
    ConsultantProfileQuerySet,
    ConsultantReference,
    ConsultantStateChange,
    Expertise,
)

__all__ = [
    "ConsultantIndexPage",
    "ConsultantProfile",
    "ConsultantProfileQuerySet",
    "ConsultantReference",
    "ConsultantStateChange",
    "Expertise",
]
