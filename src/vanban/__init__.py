"""vanban: directive documents of Vietnam's national target programs.

The public API: citations (:func:`find_citations`, :func:`parse_citation`, :class:`Citation`),
the model (:class:`Document`, :class:`Issuer`, :class:`Relation`, the program catalog) and the
registry (:func:`load_registry`, :class:`Registry`, :class:`RegistryEditor`).
"""

from .render.appendix import Appendix, build_appendix
from .programs.catalog import Program, Project, SubProject, available_programs, load_program
from .cite.citation import Citation, CitationError, Scheme
from .cite.dates import DateError, format_date, parse_date
from .cite.find import find_citations, iter_citations, parse_citation
from .cite.kinds import Kind, KindTable, default_kinds
from .registry.model import Document, Issuer, Period, Relation, RelationType, document_id
from .registry import Registry, RegistryEditor, RegistryError, ResolveError, load_registry, parse_registry

__all__ = [
    "Appendix", "build_appendix",
    "Program", "Project", "SubProject", "available_programs", "load_program",
    "Citation", "CitationError", "Scheme",
    "DateError", "format_date", "parse_date",
    "find_citations", "iter_citations", "parse_citation",
    "Kind", "KindTable", "default_kinds",
    "Document", "Issuer", "Period", "Relation", "RelationType", "document_id",
    "Registry", "RegistryEditor", "RegistryError", "ResolveError", "load_registry", "parse_registry",
]
__version__ = "0.1.0"
