"""Newsroom work done after a page change, off the editor's request."""

from django_tasks import task

from courrier.newsroom import actions
from courrier.newsroom.models import ArticlePage


@task()
def index_article_quotes(article_id: int) -> int:
    """The Member quotes of an article just published or unpublished (a deleted article took its own along)."""
    article = ArticlePage.objects.filter(pk=article_id).first()
    return actions.index_member_quotes(article=article) if article is not None else 0


@task()
def refresh_search_of_section(section_id: int) -> None:
    """A rubrique was published (its title may have changed): its articles' search documents follow."""
    actions.refresh_search_of_section(section_id=section_id)


@task()
def refresh_search_of_category(category_id: int) -> None:
    actions.refresh_search_of_category(category_id=category_id)


@task()
def refresh_search_of_ministry(ministry_id: int) -> None:
    actions.refresh_search_of_ministry(ministry_id=ministry_id)


@task()
def forget_abandoned_drafts() -> int:
    return actions.forget_abandoned_drafts()
