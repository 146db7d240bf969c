"""vanban: directive documents of Vietnam's national target programs.

The public API, by stage of the pipeline:

- citations: :func:`find_citations`, :func:`parse_citation`, :class:`Citation`;
- programs: :func:`load_program`, :class:`Program`;
- the registry: :func:`load_registry`, :func:`load_registry_any` (a file or a folder, with the cache),
  :class:`Registry` (``match``, ``resolve``),
  :class:`RegistryEditor` and :class:`NewDocument` for changes;
- checks: :func:`analyse` (coverage, deadlines and findings of a registry as of a day),
  :func:`run_check`, :func:`verify_text`;
- outputs: :func:`build_appendix`.

Every error vanban raises on purpose is a :class:`VanbanError`.
"""

from typing import TYPE_CHECKING

from .base import classcode
from .base.lazyexports import lazy_exports

# before any of vanban's attrs classes is made: their generated methods come compiled from the cache
classcode.install()

if TYPE_CHECKING:  # the names, for type checkers; at run time each is imported when first used
    from .base.dates import DateError, format_date, parse_date
    from .base.errors import VanbanError
    from .check import Analysis, CheckReport, Finding, analyse, run_check
    from .check.verify import verify_text
    from .cite.citation import Citation, CitationError, Scheme
    from .cite.find import find_citations, iter_citations, parse_citation
    from .cite.kinds import Kind, KindTable, default_kinds
    from .programs import Program, Project, SubProject, available_programs, load_program
    from .registry import (
        Registry, RegistryEditor, RegistryError, ResolveError, load_registry, load_registry_any, parse_registry,
    )
    from .registry.edit import Change, NewDocument
    from .registry.model import Document, Issuer, Period, Relation, RelationType, document_id
    from .render.appendix import Appendix, build_appendix

#: where each public name lives: importing ``vanban`` (or ``vanban.cli``) loads only what a command
#: uses — a check never loads the editing, Word or appendix code (docs/performance.md, "Start-up")
_WHERE = {
    "DateError": "base.dates", "format_date": "base.dates", "parse_date": "base.dates",
    "VanbanError": "base.errors",
    "Analysis": "check", "CheckReport": "check", "Finding": "check", "analyse": "check", "run_check": "check",
    "verify_text": "check.verify",
    "Citation": "cite.citation", "CitationError": "cite.citation", "Scheme": "cite.citation",
    "find_citations": "cite.find", "iter_citations": "cite.find", "parse_citation": "cite.find",
    "Kind": "cite.kinds", "KindTable": "cite.kinds", "default_kinds": "cite.kinds",
    "Program": "programs", "Project": "programs", "SubProject": "programs", "available_programs": "programs",
    "load_program": "programs",
    "Registry": "registry.core", "ResolveError": "registry.core", "RegistryError": "registry.load",
    "load_registry": "registry.load", "parse_registry": "registry.load", "load_registry_any": "registry.folder",
    "RegistryEditor": "registry.edit", "Change": "registry.edit", "NewDocument": "registry.edit",
    "Document": "registry.model", "Issuer": "registry.model", "Period": "registry.model",
    "Relation": "registry.model", "RelationType": "registry.model", "document_id": "registry.model",
    "Appendix": "render.appendix", "build_appendix": "render.appendix",
}


__getattr__, __dir__ = lazy_exports(__name__, _WHERE)


__all__ = [
    "Analysis", "Appendix", "Change", "CheckReport", "Citation", "CitationError", "DateError", "Document",
    "Finding", "Issuer", "Kind", "KindTable", "NewDocument", "Period", "Program", "Project", "Registry",
    "RegistryEditor", "RegistryError", "Relation", "RelationType", "ResolveError", "Scheme", "SubProject",
    "VanbanError", "analyse", "available_programs", "build_appendix", "default_kinds", "document_id",
    "find_citations", "format_date", "iter_citations", "load_program", "load_registry", "load_registry_any",
    "parse_citation",
    "parse_date", "parse_registry", "run_check", "verify_text",
]
__version__ = "0.1.0"
