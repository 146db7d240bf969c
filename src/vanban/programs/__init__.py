"""National target programs as versioned data: the catalog model, title matching, loading."""

from .load import CatalogError, available_programs, load_program, parse_program
from .model import (
    APPLIES_TO, FREQUENCIES, SCOPES, VERIFIED_MARKS, LegalRef, Program, Project, RecurringObligation, SubProject,
)

__all__ = [
    "APPLIES_TO", "FREQUENCIES", "SCOPES", "VERIFIED_MARKS", "CatalogError", "LegalRef", "Program", "Project",
    "RecurringObligation", "SubProject", "available_programs", "load_program", "parse_program",
]
