"""The achievement a credential names resolves: JSON-LD for verifiers, a page
for people, in the visitor's language where the course has one."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_credentials_achievement_id_resolves(client, complete_course):
    certificate = complete_course()
    certificate.refresh_from_db()
    achievement = certificate.open_badge["credentialSubject"]["achievement"]
    path = achievement["id"].split("://", 1)[1].split("/", 1)[1]
    response = client.get(f"/{path}", HTTP_ACCEPT="application/ld+json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert "Accept" in response["Vary"]
    document = response.json()
    assert document["id"] == achievement["id"]
    assert document["type"] == ["Achievement"]
    assert document["name"] == achievement["name"]
    assert {a["targetCode"] for a in document["alignment"]} == {
        a["targetCode"] for a in achievement["alignment"]
    }
    page = client.get(f"/{path}", HTTP_ACCEPT="text/html,application/xhtml+xml")
    assert page.status_code == 200
    content = page.content.decode()
    assert achievement["name"] in content
    for alignment in achievement["alignment"]:
        assert alignment["targetCode"] in content
    assert "How it is earned" in content


def test_an_unknown_achievement_answers_404(client, db):
    missing = "/openbadges/achievements/00000000-0000-4000-8000-000000000000"
    response = client.get(missing, HTTP_ACCEPT="application/json")
    assert response.status_code == 404
    assert "No course has this achievement." in response.json()["error"]
    assert client.get(missing, HTTP_ACCEPT="text/html").status_code == 404
    assert (
        client.get("/openbadges/achievements/not-a-uuid", follow=True).status_code
        == 404
    )
