"""The registry file: load and validate (fast path), edit and save (round trip)."""

from .core import Locality, Registry, ResolveError, code_key
from .load import load_registry, parse_registry
from ..base.problems import Problem, RegistryError
from .edit import RegistryEditor

__all__ = [
    "Locality", "Registry", "ResolveError", "code_key", "load_registry", "parse_registry", "Problem", "RegistryError", "RegistryEditor",
]
