"""Renderers of the endpoints that answer something other than JSON (a zip, an HTML file, a FHIR
Bundle): the media type they announce, and any problem details still written as JSON."""

from __future__ import annotations

from rest_framework.renderers import BaseRenderer, JSONRenderer


class FhirJsonRenderer(JSONRenderer):
    """``application/fhir+json`` (FHIR R4 §2.6.1, http://hl7.org/fhir/R4/http.html#mime-type)."""

    media_type = "application/fhir+json"
    format = "fhir"


class _FileRenderer(BaseRenderer):
    """A file the view streams itself; a problem (a dict) is written as JSON."""

    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return JSONRenderer().render(data, accepted_media_type, renderer_context)


class ZipRenderer(_FileRenderer):
    """A zip archive."""

    media_type = "application/zip"
    format = "zip"


class HtmlFileRenderer(_FileRenderer):
    """A self-contained HTML file."""

    media_type = "text/html"
    format = "html"
