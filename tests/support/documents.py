"""A stand-in for the PDF renderer, for tests that are not about PDFs.

Rendering a real PDF (WeasyPrint lays the page out) takes seconds; a test that only checks who
may fetch a document does not need one. ``FakeDocuments`` still renders the print template with
its context (a template error still fails the test) and returns a few bytes that start and end
as a PDF does. The swap is made in one place, ``use_fake_documents``: today the web handlers ask
``pmopath.bootstrap.documents()`` for the renderer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from pmopath import bootstrap

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


def use_fake_documents(monkeypatch: pytest.MonkeyPatch) -> FakeDocuments:
    """Have the app render PDFs with ``FakeDocuments`` until the test ends."""
    fake = FakeDocuments()
    monkeypatch.setattr(bootstrap, "documents", lambda: fake)
    return fake
