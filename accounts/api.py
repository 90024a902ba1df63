"""REST API for the signed-in person: profile, data export, notifications."""

import django_filters
from django.db import models
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Notification, Profile
from accounts.selectors import personal_data_export, profile_for
from accounts.services import notifications_mark_read, profile_save
from common.rest import StrictBooleanField, StrictCharField


class ProfileSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    # JSON types only: "name_public": 0 or "printed_name": 12 is a 400.
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.BooleanField: StrictBooleanField,
    }

    class Meta:
        model = Profile
        fields = ["email", "printed_name", "preferred_language", "name_public"]


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: ProfileSerializer})
    def get(self, request):
        return Response(ProfileSerializer(profile_for(user=request.user)).data)

    @extend_schema(request=ProfileSerializer, responses={200: ProfileSerializer})
    def patch(self, request):
        current = profile_for(user=request.user)
        data = ProfileSerializer(current, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = {
            "printed_name": current.printed_name,
            "preferred_language": current.preferred_language,
            "name_public": current.name_public,
            **data.validated_data,
        }
        profile = profile_save(user=request.user, **values)
        return Response(ProfileSerializer(profile).data)


class DataExportView(APIView):
    """Everything the academy holds about you (as the account page download)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response(personal_data_export(user=request.user))


class NotificationSerializer(serializers.ModelSerializer):
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "text", "url", "created_at", "read", "read_at"]

    def get_read(self, obj) -> bool:
        return obj.read_at is not None


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")


class MarkedReadSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many became read.")


@extend_schema_view(
    list=extend_schema(
        description="Your notifications, newest first.",
        parameters=[OpenApiParameter("unread", bool, description="Only unread ones")],
    )
)
class MyNotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()  # the model, for the schema
    filter_backends = [DjangoFilterBackend]
    filterset_class = NotificationFilter
    lookup_value_converter = "id"

    def get_queryset(self):
        return Notification.objects.filter(user=self.request.user)

    @extend_schema(
        request=None,
        responses={200: NotificationSerializer},
        operation_id="me_notifications_read_one",
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk):
        """Mark one notification read."""
        notification = self.get_object()
        notifications_mark_read(user=request.user, ids=[notification.pk])
        notification.refresh_from_db()
        return Response(NotificationSerializer(notification).data)

    @extend_schema(
        request=None,
        responses={200: MarkedReadSerializer},
        operation_id="me_notifications_read_all",
    )
    @action(detail=False, methods=["post"], url_path="read")
    def read_all(self, request):
        """Mark every notification read."""
        return Response({"marked": notifications_mark_read(user=request.user)})
