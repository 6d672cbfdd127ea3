from .missions import Mission, MissionQuerySet, MissionStateChange, Proposal
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
    "Mission",
    "MissionQuerySet",
    "MissionStateChange",
    "Proposal",
]
