"""Steps several journeys share."""

from __future__ import annotations

import re

from courrier.accounts.factories import DEFAULT_PASSWORD


def log_in(page, email: str, next_url: str, password: str = DEFAULT_PASSWORD) -> None:
    """Through /connexion/, as a person would, landing on `next_url`."""
    page.goto(f"/connexion/?next={next_url}")
    page.get_by_label("Adresse courriel").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    # Anchored at the host: "/connexion/?next=/profil/" also ends with "/profil/", and the wait
    # would return at once, before the login had happened.
    page.wait_for_url(re.compile(r"^https?://[^/]+" + re.escape(next_url) + "$"))


def fits_the_screen(page) -> None:
    """Nothing on the page is wider than the tab: the reader never scrolls sideways."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], (
        f"{page.url} is {width} px wide on a {page.viewport_size['width']} px screen"
    )
