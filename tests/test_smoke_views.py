def test_home_page_renders_in_chinese(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "示范县人民政府" in response.content.decode()


def test_staff_login_reaches_the_inbox(staff_client):
    client = staff_client("editor")
    response = client.get("/workbench/")
    assert response.status_code == 200
    assert "暂无待办事项" in response.content.decode()
