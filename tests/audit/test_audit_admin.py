import pytest

from tests.factories import UserFactory
from zhicheng.accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client):
    user = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_admin_lists_the_trail_with_chinese_labels(client, administrator, chain):
    response = client.get("/admin/audit/event/", {"q": "李娜", "actor_role__exact": "employer", "action__exact": "profile.review"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 5
    assert "审计事件" in response.text and "用人单位经办人" in response.text


def test_admin_shows_an_event_read_only(client, administrator, chain):
    response = client.get(f"/admin/audit/event/{chain[2].pk}/change/")

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert 'name="_save"' not in response.text


@pytest.mark.parametrize("path", ["/admin/audit/event/add/", "/admin/audit/event/{pk}/delete/"])
def test_admin_cannot_add_or_delete_events(client, administrator, chain, path):
    assert client.get(path.format(pk=chain[2].pk)).status_code == 403
