from drf_spectacular.utils import OpenApiParameter
from rest_framework.pagination import PageNumberPagination


class PortalPagination(PageNumberPagination):
    """50 results a page by default; ``page_size`` asks for up to 200.

    A page number below 1 or a page size outside 1 to 200 is refused with a 400 (by the
    filter backend, ks_portal/api_parameters.py), a page past the last is a 404; the
    schema says so.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_schema_operation_parameters(self, view):
        bounds = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size},
        }
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters


def page_parameters(pagination_class, page_description, size_description):
    """``page`` and ``page_size`` with their bounds, for a view drf-spectacular does not
    take for a list (the funding summary paginates its rows)."""
    largest = pagination_class.max_page_size
    return [
        OpenApiParameter(
            pagination_class.page_query_param,
            {"type": "integer", "minimum": 1},
            description=page_description,
        ),
        OpenApiParameter(
            pagination_class.page_size_query_param,
            {"type": "integer", "minimum": 1, "maximum": largest},
            description=f"{size_description} (at most {largest})",
        ),
    ]
