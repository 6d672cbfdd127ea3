def test_home_page_is_served_in_french(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
