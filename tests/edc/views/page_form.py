"""Read a form as the browser would send it: the fields rendered on the page, with their values."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, list[str]]] = []
        self._form: dict[str, list[str]] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self._form.setdefault(name, []).append(a.get("value", "on" if a.get("type") == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
            self._form.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self._form[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._form[name] = [""]

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._form = None


def rendered_form(html: str, containing: str) -> dict[str, list[str]]:
    """The fields (name -> values) of the page's form that has a field named ``containing``.

    Only what the page renders is read: unchecked boxes and unselected options are left out, as
    a browser leaves them out of the post.
    """
    reader = _FormReader()
    reader.feed(html)
    for form in reader.forms:
        if containing in form:
            return form
    raise AssertionError(f"no form on the page has a field named {containing!r}")
