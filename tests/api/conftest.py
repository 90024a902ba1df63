import pytest
from rest_framework.test import APIClient

from accounts.services import api_token_create


@pytest.fixture
def api():
    return APIClient()


def token_for(user) -> str:
    _token, secret = api_token_create(user=user, name="tests")
    return secret


@pytest.fixture
def learner_api(learner):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(learner)}")
    return client


@pytest.fixture
def trainer_api(trainer):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(trainer)}")
    return client
