"""After a move to a new address, the old one sends every request to the same
path on the new one: QR codes and signed credential ids keep resolving."""

import pytest

from certificates import openbadges

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved(settings):
    settings.ACADEMY_PUBLIC_BASE_URL = "https://academy.example.eu"
    settings.ACADEMY_FORMER_HOSTS = ["citizen-academy.example.org"]


def test_the_old_host_redirects_every_path_permanently(client, moved, home):
    for path in [
        "/verify/AAAA-BBBB-CCCC-DDDD/",
        "/openbadges/credentials/AAAABBBB?download=1",
        "/fr/courses/",
    ]:
        response = client.get(path, HTTP_HOST="citizen-academy.example.org:443")
        assert response.status_code == 301, path
        assert response["Location"] == f"https://academy.example.eu{path}"


def test_a_signed_credential_id_on_the_old_host_resolves(
    client, complete_course, settings
):
    certificate = complete_course()
    certificate.refresh_from_db()
    old_id = certificate.open_badge["id"]
    old_host = old_id.split("://", 1)[1].split("/", 1)[0]
    settings.ACADEMY_PUBLIC_BASE_URL = "https://academy.example.eu"
    settings.ACADEMY_FORMER_HOSTS = [old_host.split(":")[0]]
    path = "/" + old_id.split("://", 1)[1].split("/", 1)[1]
    moved_to = client.get(path, HTTP_HOST=old_host)
    assert moved_to.status_code == 301
    assert moved_to["Location"] == f"https://academy.example.eu{path}"
    served = client.get(path)  # on the new host (here: the test server)
    assert served.status_code == 200
    assert openbadges.verify_with_issuer_keys(served.json())


def test_other_hosts_are_untouched(client, moved, home):
    assert client.get("/").status_code == 200
