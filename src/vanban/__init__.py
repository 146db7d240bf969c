"""vanban: directive documents of Vietnam's national target programs.

The public API, by stage of the pipeline:

- citations: :func:`find_citations`, :func:`parse_citation`, :class:`Citation`;
- programs: :func:`load_program`, :class:`Program`;
- the registry: :func:`load_registry`, :class:`Registry` (``match``, ``resolve``),
  :class:`RegistryEditor` and :class:`NewDocument` for changes;
- checks: :func:`analyse` (coverage, deadlines and findings of a registry as of a day),
  :func:`run_check`, :func:`verify_text`;
- outputs: :func:`build_appendix`.

Every error vanban raises on purpose is a :class:`VanbanError`.
"""

from .base.dates import DateError, format_date, parse_date
from .base.errors import VanbanError
from .check import Analysis, CheckReport, Finding, analyse, run_check
from .check.verify import verify_text
from .cite.citation import Citation, CitationError, Scheme
from .cite.find import find_citations, iter_citations, parse_citation
from .cite.kinds import Kind, KindTable, default_kinds
from .programs import Program, Project, SubProject, available_programs, load_program
from .registry import Registry, RegistryEditor, RegistryError, ResolveError, load_registry, parse_registry
from .registry.edit import Change, NewDocument
from .registry.model import Document, Issuer, Period, Relation, RelationType, document_id
from .render.appendix import Appendix, build_appendix

__all__ = [
    "Analysis", "Appendix", "Change", "CheckReport", "Citation", "CitationError", "DateError", "Document",
    "Finding", "Issuer", "Kind", "KindTable", "NewDocument", "Period", "Program", "Project", "Registry",
    "RegistryEditor", "RegistryError", "Relation", "RelationType", "ResolveError", "Scheme", "SubProject",
    "VanbanError", "analyse", "available_programs", "build_appendix", "default_kinds", "document_id",
    "find_citations", "format_date", "iter_citations", "load_program", "load_registry", "parse_citation",
    "parse_date", "parse_registry", "run_check", "verify_text",
]
__version__ = "0.1.0"
