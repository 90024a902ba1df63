"""Shared REST pieces: pagination, the error body, permissions, schema hooks."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler


class Pagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


def _codes(detail):
    if isinstance(detail, dict):
        return {
            k: [str(m) for m in (v if isinstance(v, list) else [v])]
            for k, v in detail.items()
        }
    return None


def api_exception_handler(exc, context):
    """Turn every error into ``{"error": {"code", "message", "fields"?}}``."""
    if isinstance(exc, DjangoValidationError):
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
        return None
    detail = response.data
    body = {"code": getattr(exc, "default_code", "error"), "message": ""}
    if isinstance(exc, exceptions.ValidationError):
        body["code"] = "validation_error"
        fields = (
            _codes(detail) if isinstance(detail, dict) else {"non_field_errors": detail}
        )
        general = fields.pop("non_field_errors", None) if fields else None
        body["message"] = (
            general[0] if general else str(_("Some fields are not valid."))
        )
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


class IsTrainer(permissions.BasePermission):
    """Signed in and training at least one cohort (objects are filtered further)."""

    message = _("This is for trainers of a cohort.")

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.trained_cohorts.exists())
