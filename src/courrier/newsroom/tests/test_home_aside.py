"""The home page's aside: the free trial for visitors, the reader's own pages for whoever is logged in —
paying readers are never offered a trial."""

from __future__ import annotations

from courrier.licensing.factories import ReaderFactory


def test_visitors_are_offered_a_trial(client, home):
    html = client.get("/").content.decode()
    assert "Essai gratuit" in html and "Mes publications" not in html


def test_readers_get_their_pages_not_a_trial(client, home):
    for person in (ReaderFactory(), ReaderFactory()):  # the second is served the subscribers' copy
        client.force_login(person)
        html = client.get("/").content.decode()
        assert "Essai gratuit" not in html
        assert all(link in html for link in ('href="/profil/publications/"', 'href="/profil/alerte-decrets/"'))
