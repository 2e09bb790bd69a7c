"""Mon Alerte Décrets: a reader narrows the alert to ministries, categories and keywords, in French."""

from __future__ import annotations

from courrier.alerts.models import DecreeAlertFilter
from courrier.editions.actions import choose_publications

URL = "/profil/alerte-decrets/"


def test_login_is_required(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/connexion/" in response["Location"]


def test_the_page_is_in_french_and_never_cached(client, ministries, make_reader):
    client.force_login(make_reader())
    response = client.get(URL)
    page = response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    for label in ("Mon Alerte Décrets", "Ministères", "Catégories", "Mots clés", "Nomination", "Règlement"):
        assert label in page
    assert "Ministère des Finances" in page
    assert "«\u00a0sante\u00a0» trouve «\u00a0Santé\u00a0»" in page


def test_mon_profil_links_to_it(client, make_reader):
    client.force_login(make_reader())
    assert URL in client.get("/profil/").content.decode()


def test_saving_filters_then_clearing_them(client, ministries, make_reader):
    reader = make_reader()
    client.force_login(reader)
    response = client.post(
        URL,
        {
            "ministries": [ministries["sante"].pk, ministries["finances"].pk],
            "categories": ["regulation"],
            "keywords": "Santé, hydroélectricité, santé",
        },
        follow=True,
    )
    assert "Vos choix pour l&#x27;Alerte Décrets sont enregistrés." in response.content.decode()
    saved = DecreeAlertFilter.objects.get(user=reader)
    assert set(saved.ministries.all()) == {ministries["sante"], ministries["finances"]}
    assert saved.categories == ["regulation"]
    assert saved.keywords == "Santé, hydroélectricité"
    assert saved.criteria["keywords"] == ["hydroelectricite", "sante"]
    page = client.get(URL).content.decode()
    assert f'value="{ministries["sante"].pk}"' in page and "checked" in page
    assert 'value="Santé, hydroélectricité"' in page

    client.post(URL, {"keywords": "  "})
    assert not DecreeAlertFilter.objects.filter(user=reader).exists()


def test_bad_input_changes_nothing_and_says_why(client, ministries, make_reader):
    reader = make_reader()
    client.force_login(reader)
    too_many = ", ".join(f"mot{number}" for number in range(21))
    for data, message in (
        ({"categories": ["inconnue"]}, "Sélectionnez un choix valide"),
        ({"keywords": too_many}, "Indiquez au plus 20 mots clés."),
        ({"keywords": "?!, …"}, "au moins une lettre ou un chiffre"),
        ({"ministries": ["999999"]}, "Sélectionnez un choix valide"),
    ):
        response = client.post(URL, data)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not DecreeAlertFilter.objects.exists()


def test_a_reader_who_does_not_receive_the_alert_is_told(client, alerte, make_reader):
    reader = make_reader()
    choose_publications(user=reader, choices={alerte: False})
    client.force_login(reader)
    page = client.get(URL).content.decode()
    assert "Vous ne recevez pas l'Alerte Décrets en ce moment." in page
