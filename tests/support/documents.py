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
