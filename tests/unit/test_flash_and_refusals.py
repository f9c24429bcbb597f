"""The flash cookie's signature and lifetime, and refusals in the form's own words."""

from __future__ import annotations

from pmopath.web.flash import LIFETIME_SECONDS, flash_value, read_flash
from pmopath.web.forms import refusal

SECRET = b"s" * 32


def test_a_flash_reads_back_until_it_expires() -> None:
    value = flash_value(SECRET, "Plan closed. You can reopen it from this page.", 1000.0)
    assert read_flash(SECRET, value, 1000.0) == "Plan closed. You can reopen it from this page."
    assert read_flash(SECRET, value, 1000.0 + LIFETIME_SECONDS + 1) is None


def test_a_flash_under_another_key_or_changed_is_refused() -> None:
    value = flash_value(SECRET, "Item 1 removed.", 1000.0)
    assert read_flash(b"t" * 32, value, 1000.0) is None
    text, expires, signature = value.split(".")
    assert read_flash(SECRET, f"{text}.{int(expires) + 999}.{signature}", 1000.0) is None
    assert read_flash(SECRET, "", 1000.0) is None and read_flash(SECRET, "x", 1000.0) is None


def test_refusals_drop_internal_names_and_find_the_field() -> None:
    due = refusal("item 10: due before it starts", "item10")
    assert (due.field, due.message, due.form) == ("due_on", "Due before it starts.", "item10")
    target = refusal("target_role: choose a target role first")
    assert (target.field, target.message) == ("target_role", "Choose a target role first.")
    earned = refusal("earned_on.pmp: not a month")
    assert (earned.field, earned.message) == ("earned_on", "Pmp: not a month.")
    level = refusal("levels.risk_management: there is no such competency")
    assert (level.field, level.message) == (
        "levels",
        "Risk management: there is no such competency.",
    )
    plain = refusal("the assessment rates no competency")
    assert (plain.field, plain.message) == ("levels", "The assessment rates no competency.")
    assert refusal("a closed plan cannot become submitted").field == ""
