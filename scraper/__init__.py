"""Fetching, discovery, the crawl loop, the archive and the command line.

The Python API (`scraper.api`): `fetch_article(url)` and `crawl_articles(seeds, db=...)`, imported on
first use, so that `import scraper.<module>` stays light."""

__version__ = "0.1.0"

__all__ = ["crawl_articles", "fetch_article", "FetchError"]


def __getattr__(name: str):
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'scraper' has no attribute {name!r}")
