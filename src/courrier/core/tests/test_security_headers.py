"""Every HTML page carries a strict Content-Security-Policy and a restrictive Permissions-Policy.

The policies are the same in every environment (settings/base.py), so the test settings
serve exactly what production serves; `test_production_settings_keep_both_policies`
checks the production settings module itself.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.test import Client, override_settings

from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.newsroom.factories import ArticlePageFactory

DENIED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb", "interest-cohort", "browsing-topics"]


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parsed = {}
    for directive in header.split(";"):
        name, *values = directive.split()
        parsed[name] = values
    return parsed


def assert_strict_scripts(policy: dict[str, list[str]]) -> None:
    assert policy["default-src"] == ["'self'"]
    assert "'self'" in policy["script-src"]
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"} & set(policy["script-src"])
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]


def assert_no_device_access(response) -> None:
    features = dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))
    for feature in DENIED_FEATURES:
        assert features[feature] == "()", feature


@pytest.fixture
def article(section, category):
    return ArticlePageFactory(parent=section, category=category)


def test_anonymous_pages_even_shared_copies_carry_both_policies(client, article):
    for _visit in ("rendered", "shared copy"):
        for url in ("/", article.url, "/connexion/", "/inscription/", "/essai-gratuit/"):
            response = client.get(url)
            assert response.status_code == 200, url
            policy = directives(response)
            assert_strict_scripts(policy)
            assert "'unsafe-inline'" not in policy["style-src"], url
            assert_no_device_access(response)


def test_a_subscribers_full_article_carries_both_policies(client, article):
    reader = ReaderFactory(organization=make_subscriber())
    client.force_login(reader)
    response = client.get(article.url)
    assert "Texte réservé aux abonnés" in response.content.decode()
    assert_strict_scripts(directives(response))
    assert "'unsafe-inline'" not in directives(response)["style-src"]
    assert_no_device_access(response)


def test_the_admin_keeps_scripts_strict_and_allows_inline_styles_only(client, staff, article):
    client.force_login(staff)
    for url in ("/admin/", f"/admin/pages/{article.pk}/edit/"):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response)
        assert_strict_scripts(policy)
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
        assert_no_device_access(response)


def test_the_admin_editor_has_no_inline_script(client, staff, article):
    """Wagtail's widget initialisers are written as data (core/admin_init.py), which the policy lets run."""
    client.force_login(staff)
    html = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    inline = [
        tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag and "application/json" not in tag
    ]
    assert inline == []
    assert 'data-admin-init>{"call": "initDateTimeChooser"' in html


def test_the_error_page_styles_itself_with_the_responses_nonce(home):
    client = Client(raise_request_exception=False)
    with override_settings(ROOT_URLCONF="courrier.core.tests.failing_urls"):
        response = client.get("/panne/")
    assert response.status_code == 500
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in response.content.decode()


def test_production_settings_keep_both_policies(tmp_path):
    show = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.MIDDLEWARE); print(settings.CONTENT_SECURITY_POLICY); print(settings.PERMISSIONS_POLICY)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"} | {
        "DJANGO_SETTINGS_MODULE": "courrier.settings",
        "COURRIER_VAR_DIR": str(tmp_path),
        "COURRIER_ENV": "production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "courrier.example",
        "DATABASE_URL": "postgres://courrier@127.0.0.1:5432/courrier",
        "SITE_URL": "https://courrier.example",
    }
    result = subprocess.run([sys.executable, "-c", show], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "courrier.core.middleware.ContentSecurityPolicyMiddleware" in result.stdout
    assert "django_permissions_policy.PermissionsPolicyMiddleware" in result.stdout
    assert "'script-src': [\"'self'\"" in result.stdout
    assert "'camera': []" in result.stdout
