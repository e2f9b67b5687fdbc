"""What the parse pool's forkserver (parsepool.py) loads once, before it forks any worker: the parsers,
and what they would otherwise load at each new worker's first page -- the registry of site parsers and
the public suffix lists (a quarter of a second, in every worker, on the crawl's critical path). Forked
workers start ready and share these pages with their forkserver."""
from parsers import site_parsers
from parsers.metadata import site_of

from .urls import site_scope

site_parsers()
site_of("https://www.example.com/")     # builds the parsers' suffix trie
site_scope("https://www.example.com/")  # and discovery's
