"""Adding the documents a text cites to the registry (`vanban extract --merge`).

An adapter from citations to :class:`~vanban.registry.NewDocument`. What is already registered,
a near match (a typo of a registered document) or an ambiguous one is sorted out by the one
registry match and not added; a new document needs a valid date and an issuer the registry
knows (its "của …" phrase, or ``default_issuer``) — the others are reported, never guessed.
"""

from __future__ import annotations

from typing import Iterable

from ..base.messages import Message
from ..cite.citation import Citation
from ..registry import Change, MatchKind, NewDocument, Registry, ResolveError, propose

__all__ = ["citations_to_documents", "merge_citations"]


def citations_to_documents(registry: Registry, citations: Iterable[Citation], *,
                           default_issuer: str | None = None) -> tuple[list[NewDocument], list[Message]]:
    """The citations as new documents, and a note for each that cannot be one."""
    documents: list[NewDocument] = []
    notes: list[Message] = []
    for citation in citations:
        if citation.identity and registry.match(citation).kind is not MatchKind.EXACT:
            continue  # the text's own number is the document itself, never added as one it cites
        issuer_key = default_issuer
        if citation.issuer:
            try:
                issuer_key = registry.find_issuer(citation.issuer, citation.date).key
            except ResolveError:
                notes.append(Message("merge.unknown-issuer", {"code": citation.code, "issuer": citation.issuer}))
                continue
        documents.append(NewDocument(code=citation.code, date=citation.date, issuer=issuer_key, kind=citation.kind,
                                     title=citation.title, issuer_stated=bool(citation.issuer)))
    return documents, notes


def merge_citations(registry: Registry, citations: Iterable[Citation], *, source: str,
                    default_issuer: str | None = None) -> Change:
    """The change that adds what *citations* name and the registry lacks (not written)."""
    documents, notes = citations_to_documents(registry, citations, default_issuer=default_issuer)
    change = propose(registry, documents, comment=Message("comment.merged", {"source": source}).render("vi"))
    incomplete = [Message("merge.incomplete", {"code": d.code}) for d in change.intake.incomplete]
    return change.with_notes([*notes, *incomplete])
