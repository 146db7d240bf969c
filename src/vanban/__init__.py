"""vanban: directive documents of Vietnam's national target programs."""

from .citation import Citation, CitationError, Scheme
from .dates import DateError, format_date, parse_date
from .find import find_citations, iter_citations, parse_citation
from .kinds import Kind, KindTable, default_kinds

__all__ = [
    "Citation", "CitationError", "Scheme", "DateError", "format_date", "parse_date",
    "find_citations", "iter_citations", "parse_citation", "Kind", "KindTable", "default_kinds",
]
__version__ = "0.1.0"
