"""A rendered page leaves nothing for the cycle collector: what it was given is freed as soon as
the page is written, macros, includes and imports with context notwithstanding."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest
from jinja2 import ChoiceLoader, DictLoader, Environment

from pmopath.web.templating import make_environment, rendered

PAGE = """{% from "_macros.html" import shout %}{% import "_macros.html" as with_page with context %}
{%- macro row(x) %}<li>{{ x.name }}</li>{% endmacro -%}
<ul>{% for x in things %}{{ row(x) }}{% endfor %}</ul>{{ shout(things[0].name) }}
{% include "_part.html" %}{{ with_page.owner() }}"""
MACROS = """{% macro shout(text) %}<b>{{ loud(text) }}</b>{% endmacro %}
{% macro owner() %}<i>{{ request }}</i>{% endmacro %}
{% macro loud(text) %}{{ text|upper }}{% endmacro %}"""
PART = """{% macro item(x) %}<p>{{ x.name }}{{ row(x) }}</p>{% endmacro %}{{ item(things[-1]) }}"""


class Thing:
    def __init__(self, name: str) -> None:
        self.name = name


@pytest.fixture
def environment() -> Environment:
    made = make_environment()
    return made.overlay(
        loader=ChoiceLoader(
            [DictLoader({"page.html": PAGE, "_macros.html": MACROS, "_part.html": PART})]
        )
    )


@pytest.fixture
def no_collector() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_what_a_page_was_given_is_freed_when_it_is_written(
    environment: Environment, no_collector: None
) -> None:
    things = [Thing("first"), Thing("last")]
    kept = [weakref.ref(t) for t in things]
    page = rendered(environment.get_template("page.html"), {"things": things, "request": "me"})
    assert "<li>first</li><li>last</li>" in page and "<b>FIRST</b>" in page
    assert "<p>last<li>last</li></p>" in page and "<i>me</i>" in page
    del things
    assert [ref() for ref in kept] == [None, None]  # freed by reference counting alone


def test_jinjas_own_render_leaves_them_to_the_collector(
    environment: Environment, no_collector: None
) -> None:
    """What ``rendered`` mends: the same page by ``Template.render`` stays alive until the
    cycle collector runs."""
    things = [Thing("first"), Thing("last")]
    kept = weakref.ref(things[0])
    environment.get_template("page.html").render(things=things, request="me")
    del things
    assert kept() is not None
    gc.collect()
    assert kept() is None


def test_a_shared_imported_module_keeps_working(environment: Environment) -> None:
    """Modules imported without context are made once and shared by every render: later
    renders still find their macros, and the macros what they call (``shout`` calls ``loud``,
    defined after it)."""
    template = environment.get_template("page.html")
    for name in ("one", "two"):
        page = rendered(template, {"things": [Thing(name)], "request": "me"})
        assert f"<b>{name.upper()}</b>" in page
