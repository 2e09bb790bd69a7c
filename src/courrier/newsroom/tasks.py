"""Newsroom work done after a page change, off the editor's request."""

from django_tasks import task

from courrier.newsroom.actions import index_member_quotes
from courrier.newsroom.models import ArticlePage


@task()
def index_article_quotes(article_id: int) -> int:
    """The Member quotes of an article just published or unpublished (a deleted article took its own along)."""
    article = ArticlePage.objects.filter(pk=article_id).first()
    return index_member_quotes(article=article) if article is not None else 0
