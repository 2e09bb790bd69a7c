"""An editor types a publication time on the night of a DST change: the admin accepts it, never refuses it.

At 01:30 on the first Sunday of November, Montréal's clocks show 01:00-02:00 twice; on the
second Sunday of March they skip from 02:00 to 03:00. Django refuses such wall-clock times as
"ambiguous or non-existent", which kept an editor from publishing during that hour (the form
shows "now" by default).
"""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine

from courrier.newsroom.models import ArticlePage
from courrier.newsroom.tests.article_form import article_form

MONTREAL = zoneinfo.ZoneInfo("America/Montreal")
UTC = datetime.UTC


def add_article(client, section, category, published_at: str):
    data = article_form(category, action="publish", published_at=published_at)
    return client.post(f"/admin/pages/add/newsroom/articlepage/{section.pk}/", data)


@pytest.mark.parametrize(
    ("now", "typed", "stored"),
    [
        pytest.param(
            datetime.datetime(2027, 11, 7, 6, 31, tzinfo=UTC),  # 01:31 EST, the second 01:31 of the night
            "2027-11-07 01:31",
            datetime.datetime(2027, 11, 7, 5, 31, tzinfo=UTC),  # the first 01:31 (EDT)
            id="hour-shown-twice-in-november",
        ),
        pytest.param(
            datetime.datetime(2027, 3, 14, 7, 45, tzinfo=UTC),
            "2027-03-14 02:30",  # skipped by the clocks: read as 03:30 EDT
            datetime.datetime(2027, 3, 14, 7, 30, tzinfo=UTC),
            id="hour-skipped-in-march",
        ),
    ],
)
def test_an_editor_publishes_during_the_dst_change(client, staff, section, category, now, typed, stored):
    with time_machine.travel(now, tick=False):
        client.force_login(staff)
        response = add_article(client, section, category, typed)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/pages/")
    article = ArticlePage.objects.get(slug="conseil-decret")
    assert article.live
    assert article.published_at == stored


def test_the_default_time_shown_during_the_repeated_hour_is_accepted(client, staff, section, category):
    with time_machine.travel(datetime.datetime(2027, 11, 7, 6, 10, tzinfo=UTC), tick=False):
        client.force_login(staff)
        shown = datetime.datetime.now(tz=MONTREAL).strftime("%Y-%m-%d %H:%M")
        response = add_article(client, section, category, shown)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/pages/")
