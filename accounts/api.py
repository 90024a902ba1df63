"""REST API for the signed-in person: profile and data export."""

from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Profile
from accounts.selectors import personal_data_export, profile_for
from accounts.services import profile_save
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
