"""The registry: its model, reading by schema, look-ups and the one match, editing."""

from .core import Registry, ResolveError
from .edit import Change, Intake, NewDeadline, NewDocument, RegistryEditor, intake, propose
from .load import DOCUMENT_FIELDS, ISSUER_FIELDS, RegistryError, load_registry, parse_registry
from .match import NEAR_MATCH, Match, MatchKind, code_key
from .model import Locality, NotApplicable, ObligationOverride

__all__ = [
    "Change", "DOCUMENT_FIELDS", "ISSUER_FIELDS", "Intake", "Locality", "Match", "MatchKind", "NEAR_MATCH",
    "NewDeadline", "NewDocument", "NotApplicable", "ObligationOverride", "Registry", "RegistryEditor",
    "RegistryError", "ResolveError", "code_key", "intake", "load_registry", "parse_registry", "propose",
]
