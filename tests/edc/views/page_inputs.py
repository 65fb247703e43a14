"""What a person meets on a rendered page: its form controls and its submit buttons.

The view tests read the HTML a browser would get instead of trusting the form object: a field
the template forgets to draw is a field nobody can fill in.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

CONTROLS = ("input", "select", "textarea")


@dataclass(frozen=True)
class Control:
    """One ``<input>``, ``<select>`` or ``<textarea>`` of the page (outside ``<template>`` elements)."""

    tag: str
    name: str
    type: str
    disabled: bool
    readonly: bool

    @property
    def editable(self) -> bool:
        """Whether a person can change it (a visible control, neither disabled nor read-only)."""
        return self.type != "hidden" and not self.disabled and not self.readonly


@dataclass(frozen=True)
class Page:
    """The controls and submit buttons of a rendered page."""

    controls: tuple[Control, ...]
    submit_buttons: tuple[str, ...]

    def named(self, name: str) -> list[Control]:
        """The controls posting ``name``."""
        return [c for c in self.controls if c.name == name]

    def editable(self) -> list[Control]:
        """The controls a person can change (the CSRF token and other hidden inputs excluded)."""
        return [c for c in self.controls if c.editable]


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.controls: list[Control] = []
        self.buttons: list[str] = []
        self._template_depth = 0
        self._button: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "template":
            self._template_depth += 1
        if self._template_depth:
            return
        if tag in CONTROLS:
            default_type = {"input": "text", "select": "select", "textarea": "textarea"}[tag]
            self.controls.append(
                Control(
                    tag=tag,
                    name=attributes.get("name") or "",
                    type=(attributes.get("type") or default_type).lower(),
                    disabled="disabled" in attributes,
                    readonly="readonly" in attributes,
                )
            )
        if tag == "button" and (attributes.get("type") or "submit").lower() == "submit":
            self._button = []

    def handle_data(self, data):
        if self._button is not None:
            self._button.append(data)

    def handle_endtag(self, tag):
        if tag == "template" and self._template_depth:
            self._template_depth -= 1
        if tag == "button" and self._button is not None:
            self.buttons.append(" ".join("".join(self._button).split()))
            self._button = None


def page_of(html: str | bytes) -> Page:
    """Parse a rendered page into its :class:`Page`."""
    parser = _Parser()
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    return Page(tuple(parser.controls), tuple(parser.buttons))


def main_form_buttons(page: Page) -> list[str]:
    """Submit buttons other than the header's "Log out"."""
    return [b for b in page.submit_buttons if b != "Log out"]
