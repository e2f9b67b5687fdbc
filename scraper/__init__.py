"""Fetching, discovery, the crawl loop, the archive and the command line."""

__version__ = "0.1.0"
