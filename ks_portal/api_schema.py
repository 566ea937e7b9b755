"""The OpenAPI schema documents every answer of the open-data API, not only the 200.

drf-spectacular describes the successful answer of each operation. The API also
answers 400 for an invalid query parameter (ks_portal/api_parameters.py), 404 for an
unknown item or a page past the last, and 429 when a client asks too often; a tool
that checks answers against the schema (schemathesis) counts each one it was not told
about. ``PortalAutoSchema`` adds them to every operation, with their bodies.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in the request's language")


class ParameterErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Names the invalid parameters")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="For each invalid parameter, what is wrong with it",
    )
    valid_parameters = serializers.ListField(
        child=serializers.CharField(), help_text="The parameters this endpoint takes"
    )


RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    location=OpenApiParameter.HEADER,
    response=["429"],
    description="Seconds to wait before asking again",
)


class PortalAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        # The documented hook, get_response_serializers(), is replaced wholesale by an
        # @extend_schema(responses=...); this one runs for every operation.
        responses = super()._get_response_bodies(direction)
        if self.method != "GET":
            return responses
        answers = {
            "400": OpenApiResponse(
                ParameterErrorSerializer,
                "An unknown query parameter, or a value that cannot be used "
                "(each is named, with the parameters this endpoint takes)",
            ),
        }
        if self._is_item():
            answers["404"] = OpenApiResponse(ErrorSerializer, "No published item has this key")
        elif self._get_paginator() or getattr(self.view, "filterset_class", None):
            # Lists, and aggregates filtered by region codes (/api/incidents/counts/).
            answers["404"] = OpenApiResponse(
                ErrorSerializer,
                "A page past the last one, or a well-formed code, id or slug that names no "
                "region, forum, funding source or activity type (each is named, as in a 400)",
            )
        if self.view.get_throttles():
            answers["429"] = OpenApiResponse(ErrorSerializer, "Too many requests from this client")
        for code, answer in answers.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(answer, code, direction=direction)
        return responses

    def _get_response_for_code(self, serializer, status_code, media_types=None, **kwargs):
        response = super()._get_response_for_code(serializer, status_code, media_types, **kwargs)
        # An HTML answer (the staff pickers' <option> elements, format=options) is text,
        # whatever the JSON answer's schema.
        for media_type, content in response.get("content", {}).items():
            if media_type == "text/html":
                content["schema"] = {"type": "string"}
        return response

    def get_override_parameters(self):
        throttled = [RETRY_AFTER] if self.view.get_throttles() else []
        return [*super().get_override_parameters(), *throttled]

    def _is_item(self):
        """An operation on one item: its lookup is a variable of the path."""
        view = self.view
        lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", None)
        return bool(lookup) and f"{{{lookup}}}" in self.path
