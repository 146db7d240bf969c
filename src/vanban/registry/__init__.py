"""The registry: its model, reading by schema, look-ups and the one match, editing.

The editing names (:class:`Change`, :class:`RegistryEditor`, :func:`propose` …) are imported when
first used: reading and checking a registry never loads the round-trip YAML editor.
"""

from typing import TYPE_CHECKING, Any

from .core import Registry, ResolveError
from .folder import FolderWriteError, load_registry_any
from .load import DOCUMENT_FIELDS, ISSUER_FIELDS, RegistryError, load_registry, parse_registry
from .match import NEAR_MATCH, Match, MatchKind, code_key
from .model import Locality, NotApplicable, ObligationOverride

if TYPE_CHECKING:
    from .edit import Change, Intake, NewDeadline, NewDocument, RegistryEditor, intake, propose

_EDIT = frozenset({"Change", "Intake", "NewDeadline", "NewDocument", "RegistryEditor", "intake", "propose"})

__all__ = [
    "Change", "DOCUMENT_FIELDS", "FolderWriteError", "ISSUER_FIELDS", "Intake", "Locality", "Match", "MatchKind",
    "NEAR_MATCH", "NewDeadline", "NewDocument", "NotApplicable", "ObligationOverride", "Registry", "RegistryEditor",
    "RegistryError", "ResolveError", "code_key", "intake", "load_registry", "load_registry_any", "parse_registry",
    "propose",
]


def __getattr__(name: str) -> Any:
    if name in _EDIT:
        from . import edit

        value = getattr(edit, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
