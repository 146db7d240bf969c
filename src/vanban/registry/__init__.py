"""The registry: its model, reading by schema, look-ups and the one match, editing.

Each name is imported when first used (:mod:`vanban.base.lazyexports`): importing one light module
of the package (``registry.locate``) does not load the reader, and reading and checking a registry
never loads the round-trip YAML editor (:class:`Change`, :class:`RegistryEditor`, :func:`propose` …).
"""

from typing import TYPE_CHECKING

from ..base.lazyexports import lazy_exports

if TYPE_CHECKING:
    from .core import Registry, ResolveError
    from .edit import Change, Intake, NewDeadline, NewDocument, RegistryEditor, intake, propose
    from .folder import FolderWriteError, load_registry_any
    from .load import DOCUMENT_FIELDS, ISSUER_FIELDS, RegistryError, load_registry, parse_registry
    from .match import NEAR_MATCH, Match, MatchKind, code_key
    from .model import Locality, NotApplicable, ObligationOverride

_WHERE = {
    "Registry": "core", "ResolveError": "core",
    "Change": "edit", "Intake": "edit", "NewDeadline": "edit", "NewDocument": "edit", "RegistryEditor": "edit",
    "intake": "edit", "propose": "edit",
    "FolderWriteError": "folder", "load_registry_any": "folder",
    "DOCUMENT_FIELDS": "load", "ISSUER_FIELDS": "load", "RegistryError": "load", "load_registry": "load",
    "parse_registry": "load",
    "NEAR_MATCH": "match", "Match": "match", "MatchKind": "match", "code_key": "match",
    "Locality": "model", "NotApplicable": "model", "ObligationOverride": "model",
}

__all__ = [
    "Change", "DOCUMENT_FIELDS", "FolderWriteError", "ISSUER_FIELDS", "Intake", "Locality", "Match", "MatchKind",
    "NEAR_MATCH", "NewDeadline", "NewDocument", "NotApplicable", "ObligationOverride", "Registry", "RegistryEditor",
    "RegistryError", "ResolveError", "code_key", "intake", "load_registry", "load_registry_any", "parse_registry",
    "propose",
]

__getattr__, __dir__ = lazy_exports(__name__, _WHERE)
