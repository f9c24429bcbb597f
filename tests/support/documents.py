"""A stand-in for the PDF renderer, for tests that are not about PDFs.

Rendering a real PDF (WeasyPrint lays the page out) takes seconds; a test that only checks who
may fetch a document does not need one. ``FakeDocuments`` still renders the print template with
its context (a template error still fails the test) and returns a few bytes that start and end
as a PDF does. A test hands it to the container it builds the app with
(``cheap_container(documents=FakeDocuments())``): services reach the renderer as
``store.ports.documents``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

FAKE_PDF = b"%PDF-1.7\n% fake document for tests\n%%EOF\n"


class FakeDocuments:
    """A ``DocumentRenderer``: the template rendered to HTML, then a stand-in PDF."""

    def __init__(self) -> None:
        self.rendered: list[str] = []

    def pdf(self, template: str, context: Mapping[str, Any]) -> bytes:
        from pmopath.adapters.documents import print_environment

        html = print_environment().get_template(template).render(**context)
        assert html.strip(), f"{template} rendered nothing"
        self.rendered.append(template)
        return FAKE_PDF


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page of a PDF, in order (pypdf's reading)."""
    import io

    import pypdf

    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages]


def text_outside_the_page(content: bytes) -> list[str]:
    """Text drawn beyond a page's right edge (a table too wide for A4 is cut off in print)."""
    import io

    import pypdf

    outside: list[str] = []
    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(content)).pages, start=1):
        runs: list[tuple[str, float, float]] = []  # text, where it starts, its width

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any, into: Any = runs) -> None:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            # a line's width from a narrow estimate of its letters (0.45 em each)
            into.append((text.strip(), x, 0.45 * len(text.strip()) * float(size or 0) * abs(cm[0])))

        page.extract_text(visitor_text=visit)
        right = float(page.mediabox.right)
        outside += [
            f"page {number}: {text[:40]!r} from x={x:.0f}, the page ends at {right:.0f}"
            for text, x, width in runs
            if text and x + width > right
        ]
    return outside
