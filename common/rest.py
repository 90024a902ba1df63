"""Shared REST pieces: pagination, strict fields, query-parameter filters, the
error body, schema hooks."""

import logging
import re

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler, set_rollback

logger = logging.getLogger("django.request")

NOT_A_WHOLE_NUMBER = _("Give a whole number from %(min)s to %(max)s.")
NOT_A_CHOICE = _("“%(value)s” is not one of: %(choices)s.")
NOT_FOUND = _("Nothing is at this address. The API's paths are listed in its schema.")
SERVER_ERROR = _(
    "Something went wrong on our side. The error is logged; please try again later."
)
MAX_ID = 10**18 - 1


def int_param(request, name: str, *, minimum: int = 1, maximum: int = MAX_ID):
    """A whole-number query parameter, or None if absent; 400 if it is not one."""
    value = request.query_params.get(name)
    if value is None:
        return None
    number = int(value) if re.fullmatch(r"[0-9]{1,19}", value) else None
    if number is None or not minimum <= number <= maximum:
        raise exceptions.ValidationError(
            {name: [NOT_A_WHOLE_NUMBER % {"min": minimum, "max": maximum}]}
        )
    return number


class WholeNumberField(forms.Field):
    """A whole number from ``minimum`` to ``maximum`` (digits only), for filters."""

    def __init__(self, *, minimum: int = 1, maximum: int = MAX_ID, **kwargs):
        self.minimum, self.maximum = minimum, maximum
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = int(value) if re.fullmatch(r"[0-9]{1,19}", value) else None
        if number is None or not self.minimum <= number <= self.maximum:
            raise DjangoValidationError(
                NOT_A_WHOLE_NUMBER % {"min": self.minimum, "max": self.maximum}
            )
        return number


class OneOfField(forms.CharField):
    """One of ``choices`` (value, label pairs); anything else is refused with the
    list of the values."""

    def __init__(self, *, choices, **kwargs):
        self.choices = [value for value, _label in choices]
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value not in self.empty_values and value not in self.choices:
            raise DjangoValidationError(
                NOT_A_CHOICE % {"value": value[:50], "choices": ", ".join(self.choices)}
            )


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.Filter):
    """A query parameter holding a database id (1 to 18 digits)."""

    field_class = WholeNumberField


@extend_schema_field(OpenApiTypes.STR)
class OneOfFilter(django_filters.Filter):
    """A query parameter that must be one of ``choices`` (e.g. a TextChoices'
    ``choices``): 400 with the list otherwise, not an empty result."""

    field_class = OneOfField


class Pagination(PageNumberPagination):
    """Pages of 25 (at most 100); a page number or size that is not a number in
    range is a 400, not silently the default."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        size = int_param(
            request, self.page_size_query_param, maximum=self.max_page_size
        )
        return size or self.page_size

    def paginate_queryset(self, queryset, request, view=None):
        int_param(request, self.page_query_param)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            schema = parameter["schema"]
            schema["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                schema["maximum"] = self.max_page_size
            else:
                schema["maximum"] = MAX_ID
        return parameters


class StrictCharField(serializers.CharField):
    """A JSON string only: a number or a boolean is refused, not turned into text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A JSON number only: "12" or true is refused, not turned into a number."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """JSON ``true`` or ``false`` only (not 0, 1, "yes" or "on")."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    reason = serializers.CharField(
        required=False,
        help_text="For a refusal by the service (code ``validation_error``): "
        "why, as a stable word such as ``full`` or ``prerequisites_missing``.",
    )
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


def _flatten(detail, prefix="") -> dict[str, list[str]]:
    """Nested DRF errors as ``{"people.0.email": ["message", ...]}``: readable
    messages, never the repr of Python objects."""
    fields: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for k, v in _flatten(value, name).items():
                fields.setdefault(k, []).extend(v)
    elif isinstance(detail, list | tuple):
        if all(isinstance(item, str) for item in detail):
            if detail:
                fields.setdefault(prefix or "non_field_errors", []).extend(
                    str(m) for m in detail
                )
        else:
            for index, item in enumerate(detail):
                if item in ({}, []):
                    continue  # a valid item in a list of objects
                name = f"{prefix}.{index}" if prefix else str(index)
                if isinstance(item, str):
                    fields.setdefault(prefix or "non_field_errors", []).append(
                        str(item)
                    )
                else:
                    for k, v in _flatten(item, name).items():
                        fields.setdefault(k, []).extend(v)
    else:
        fields.setdefault(prefix or "non_field_errors", []).append(str(detail))
    return fields


def api_exception_handler(exc, context):
    """Turn every error into ``{"error": {"code", "message", "reason"?,
    "fields"?}}``."""
    reason = None
    if isinstance(exc, DjangoValidationError):
        if not hasattr(exc, "error_dict"):
            codes = {error.code for error in exc.error_list} - {None}
            reason = codes.pop() if len(codes) == 1 else None
        if hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError(exc.message_dict)
        else:
            exc = exceptions.ValidationError({"non_field_errors": exc.messages})
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if response is None:
        set_rollback()
        request = context.get("request")
        logger.error(
            "Internal Server Error: %s",
            getattr(request, "path", "?"),
            exc_info=exc,
            extra={"status_code": 500, "request": getattr(request, "_request", None)},
        )
        return JsonResponse(
            {"error": {"code": "server_error", "message": str(SERVER_ERROR)}},
            status=500,
        )
    detail = response.data
    body = {"code": getattr(exc, "default_code", "error"), "message": ""}
    if isinstance(exc, exceptions.ValidationError):
        body["code"] = "validation_error"
        fields = _flatten(detail)
        general = fields.pop("non_field_errors", None)
        if general is None and len(fields) == 1:
            general = next(iter(fields.values()))
        body["message"] = (
            general[0] if general else str(_("Some fields are not valid."))
        )
        if reason:
            body["reason"] = reason
        if fields:
            body["fields"] = fields
    else:
        if isinstance(detail, dict) and "detail" in detail:
            body["message"] = str(detail["detail"])
            body["code"] = getattr(detail["detail"], "code", body["code"])
        else:
            body["message"] = str(detail)
    if isinstance(exc, exceptions.Throttled) and exc.wait:
        body["message"] = str(
            _("Too many requests. Try again in %(seconds)s seconds.")
            % {"seconds": int(exc.wait) + 1}
        )
    response.data = {"error": body}
    return response


@csrf_exempt  # nothing is changed here; a CSRF 403 would be an HTML page
def api_not_found(request, *args, **kwargs):
    """Any address under /api/v1/ that no endpoint answers: the JSON error body."""
    return JsonResponse(
        {"error": {"code": "not_found", "message": str(NOT_FOUND)}},
        status=404,
    )


def only_our_api(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: the schema covers /api/v1/ only."""
    return [e for e in endpoints if e[0].startswith("/api/v1/")]


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: document the error body everywhere."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status in ("400", "401", "403", "404", "405", "406", "415", "429"):
                responses.setdefault(
                    status,
                    {
                        "description": "Error",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Error"}
                            }
                        },
                    },
                )
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {
        "type": "object",
        "properties": {
            "error": {
                "type": "object",
                "properties": {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "fields": {
                        "type": "object",
                        "additionalProperties": {
                            "type": "array",
                            "items": {"type": "string"},
                        },
                    },
                },
                "required": ["code", "message"],
            }
        },
        "required": ["error"],
    }
    return result
