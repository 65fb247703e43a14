"""A patient's casebook as a PDF: every form with labels and values, visit states, signatures,
query threads and the audit trail, with the study ID and print time on every page.

Input is plain data (:class:`Casebook`, filled by the EDC's selector
``ablacem.edc.selectors.casebook_print``); this module never sees the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.platypus import PageBreak, Paragraph, Spacer

from ._document import BODY, H1, H2, SMALL, TITLE, grid, para, render, usable_width


@dataclass(frozen=True)
class CasebookForm:
    """One form, or one record of a repeated form (a lesion, a visit, an adverse event).

    Attributes
    ----------
    title : str
        What the record is: "Enrolment", "Lesion ABL-001-L1", "1 month visit".
    fields : list of (str, str)
        ``(label, value)`` in the form's order; values as a person reads them (code labels).
    state : str
        The form's state (complete, in progress, not done), empty when not applicable.
    """

    title: str
    fields: list[tuple[str, str]]
    state: str = ""


@dataclass(frozen=True)
class CasebookSignature:
    """One signature of the casebook.

    Attributes
    ----------
    signer : str
        Who signed (printed name when recorded, else the account name).
    meaning : str
        What the signature means (the statement the signer attested).
    signed_at : str
        When, in site time.
    status : str
        "in force", or how it ended ("unlocked on ... by ...: reason").
    """

    signer: str
    meaning: str
    signed_at: str
    status: str


@dataclass(frozen=True)
class Casebook:
    """Everything printed in one patient's casebook, as text.

    Attributes
    ----------
    study_id, printed_at : str
        The header of every page (print time in site time, with its zone).
    identifiers : list of (str, str) or None
        Name, hospital number, birth date; None leaves the section out (the default).
    forms : list of (str, list of CasebookForm)
        Groups of forms ("Enrolment and end of study", "Lesions", ...), in casebook order.
    visits : list of (str, str, str, str)
        The schedule: visit, target date, visit state, form state.
    signatures : list of CasebookSignature
    queries : list of (str, list of str)
        Query threads: what the query is on, and its messages in order (empty: none).
    audit : list of (str, str, str, str, str, str, str)
        Audit trail: when, who, record, field, old, new, reason.
    """

    study_id: str
    printed_at: str
    forms: list[tuple[str, list[CasebookForm]]]
    visits: list[tuple[str, str, str, str]] = field(default_factory=list)
    signatures: list[CasebookSignature] = field(default_factory=list)
    queries: list[tuple[str, list[str]]] = field(default_factory=list)
    audit: list[tuple[str, ...]] = field(default_factory=list)
    identifiers: list[tuple[str, str]] | None = None


def _identifiers(book: Casebook) -> list:
    if book.identifiers is None:
        return []
    width = usable_width()
    return [
        Paragraph("Identifying data", H2),
        grid([("Item", "Value"), *book.identifiers], (0.35 * width, 0.65 * width)),
    ]


def _forms(book: Casebook) -> list:
    width = usable_width()
    story = []
    for group, forms in book.forms:
        story.append(Paragraph(group, H1))
        if not forms:
            story.append(Paragraph("Nothing recorded.", BODY))
        for form in forms:
            title = f"{form.title} ({form.state})" if form.state else form.title
            story += [Paragraph(title, H2), grid([("Field", "Value"), *form.fields], (0.45 * width, 0.55 * width))]
    return story


def _visits(book: Casebook) -> list:
    width = usable_width()
    rows = [("Visit", "Target date", "Visit state", "Form"), *book.visits]
    return [Paragraph("Visit schedule and states", H1), grid(rows, [width / 4] * 4)]


def _signatures(book: Casebook) -> list:
    """The signatures with the signer's printed name, their meaning and time (21 CFR 11.50)."""
    width = usable_width()
    story = [Paragraph("Signatures", H1)]
    if not book.signatures:
        return [*story, Paragraph("The casebook has not been signed.", BODY)]
    rows = [("Signed by", "Meaning", "Signed at", "Status")]
    rows += [(s.signer, s.meaning, s.signed_at, s.status) for s in book.signatures]
    return [*story, grid(rows, (0.2 * width, 0.4 * width, 0.17 * width, 0.23 * width))]


def _queries(book: Casebook) -> list:
    """Query threads (data clarification); the EDC's selector fills ``Casebook.queries``."""
    story = [Paragraph("Queries", H1)]
    if not book.queries:
        return [*story, Paragraph("No queries.", BODY)]
    for subject, messages in book.queries:
        story.append(Paragraph(subject, H2))
        story += [para(message, BODY) for message in messages]
    return story


def _audit(book: Casebook) -> list:
    width = usable_width()
    story = [Paragraph("Audit trail", H1)]
    if not book.audit:
        return [*story, Paragraph("No changes recorded.", BODY)]
    rows = [("When", "Who", "Record", "Field", "Old", "New", "Reason"), *book.audit]
    fractions = (0.13, 0.13, 0.16, 0.14, 0.14, 0.14, 0.16)
    return [*story, grid(rows, [f * width for f in fractions])]


def casebook_pdf(book: Casebook) -> bytes:
    """The casebook as PDF bytes (A4; header "Study ID ... printed ..." and "Page N of M")."""
    story = [
        Paragraph(f"Casebook of {book.study_id}", TITLE),
        Paragraph(f"Printed {book.printed_at}", SMALL),
        Spacer(1, 6),
        *_identifiers(book),
        *_forms(book),
        PageBreak(),
        *_visits(book),
        *_signatures(book),
        *_queries(book),
        PageBreak(),
        *_audit(book),
    ]
    header = f"ablacem casebook, study ID {book.study_id}, printed {book.printed_at}"
    return render(story, title=f"Casebook {book.study_id}", header=header)
