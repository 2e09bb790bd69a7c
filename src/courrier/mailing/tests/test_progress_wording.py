"""The sending progress reads as French writes it: « 1 courriel/s », « 0 courriel/s », « 12 courriels/s »."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation


def rendered(rate: float, language: str = "fr") -> str:
    progress = SimpleNamespace(percent=40.0, sent=4, total=10, failed=0, cancelled=0, rate=rate, seconds_left=6)
    with translation.override(language):
        html = render_to_string("mailing/admin/includes/progress.html", {"progress": progress, "progress_url": "/p/"})
    rate_text = re.search(r'id="sending-rate">([^<]*)</span>\s*<span id="sending-rate-unit"[^>]*>([^<]*)<', html)
    assert rate_text
    return f"{rate_text.group(1)} {rate_text.group(2)}"


@pytest.mark.parametrize(("rate", "expected"), [(0, "0 courriel/s"), (1.2, "1 courriel/s"), (12.4, "12 courriels/s")])
def test_the_rate_agrees_with_its_number(rate, expected):
    assert rendered(rate) == expected


def test_english_counts_one_email_only():
    assert rendered(1, "en") == "1 email/s"
    assert rendered(0, "en") == "0 emails/s"


def test_the_page_script_gets_both_forms():
    progress = SimpleNamespace(percent=40.0, sent=4, total=10, failed=0, cancelled=0, rate=3, seconds_left=6)
    with translation.override("fr"):
        html = render_to_string("mailing/admin/includes/progress.html", {"progress": progress, "progress_url": "/p/"})
    assert 'data-one="courriel/s" data-other="courriels/s"' in html
