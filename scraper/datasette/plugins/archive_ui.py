"""The archive's own Datasette plugin, loaded by `scraper serve` (plugins_dir): what no published
plugin does for this archive.

- The search box takes everyday words: Datasette's escaped search mode calls the SQL function
  escape_fts(); ours (registered last, so it wins) is `scraper.query.fts_query`, which keeps FTS5's
  operators working. The ranked-search query calls it too; fold() and fts_query() are there for SQL.
- The articles list shows a few short columns by default; the body, provenance and the rest are on each
  article's page (any `_col` or `_nocol` in the address chooses columns as usual).
- A "day" facet: publication days newest first (Datasette's date facet lists the busiest days).
- /-/capture/<database>?url=<article>: the raw page as it was fetched, from its WARC record, sandboxed.
- A search Datasette cannot run (the time limit) is shown on a page with the search box.
"""
from __future__ import annotations

import asyncio
import json
import re
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.facets import DateFacet
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup, escape

from scraper.query import QUERY_HELP, fts_query, prepare
from scraper.warc import WarcError, WarcRef, read_response, warc_directory

# The articles list's columns by default (the URL, its key, comes first): what tells stories apart at a
# glance. Long text and machine fields are on each article's page.
LIST_DEFAULT = ("headline", "site", "published", "authors", "dateline", "section", "tags", "word_count",
                "version_count")
ARTICLES_PAGE = re.compile(r"^/[^/]+/articles/?$")
LIST_COLUMNS = ("authors", "tags", "warnings", "changed_fields")
LIST_SHOWN = 3      # names listed in a cell; the rest are counted
# How many of an article's newest captures to try for one with a body (the newest may be a revisit).
CAPTURES_TRIED = 10
# The raw page runs no script, loads nothing from the network and cannot reach this origin.
SANDBOX = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@hookimpl(trylast=True)
def prepare_connection(conn):
    prepare(conn)
    conn.create_function("escape_fts", 1, search_for, deterministic=True)


def search_for(text: str | None) -> str:
    """The search box's text as an FTS5 query; one that matches nothing when no word is in it (the page
    then says how to write one)."""
    return fts_query(text or "") or '""'


@hookimpl
def extra_template_vars():
    return {"fts_query": fts_query, "query_help": QUERY_HELP}


@hookimpl
def asgi_wrapper():
    def wrap(app):
        async def short_columns_by_default(scope, receive, send):
            if scope["type"] == "http" and ARTICLES_PAGE.match(scope.get("path", "")):
                args = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
                if not any(name in ("_col", "_nocol", "_format") for name, _ in args):
                    shown = [("_col", column) for column in LIST_DEFAULT]
                    scope = dict(scope, query_string=urlencode(args + shown).encode("latin-1"))
            await app(scope, receive, send)
        return short_columns_by_default
    return wrap


@hookimpl
def render_cell(value, column, table):
    """JSON lists (authors, tags) as the names they hold, not as JSON text."""
    if table in ("articles", "versions") and column in LIST_COLUMNS and isinstance(value, str):
        try:
            items = json.loads(value)
        except ValueError:
            return None
        if isinstance(items, list):     # (an empty string would leave Datasette's own rendering)
            shown = ", ".join(str(item) for item in items[:LIST_SHOWN])
            more = f" and {len(items) - LIST_SHOWN} more" if len(items) > LIST_SHOWN else ""
            return escape(shown + more) or Markup("&nbsp;")
    return None


class NewestDaysFacet(DateFacet):
    """Counts per day, the newest days first."""

    type = "day"

    async def suggest(self):
        return []

    async def facet_results(self):
        results, timed_out = await super().facet_results()
        for facet in results:
            facet["results"].sort(key=lambda row: row["value"], reverse=True)
        return results, timed_out


@hookimpl
def register_facet_classes():
    return [NewestDaysFacet]


@hookimpl
def register_routes():
    return [(r"^/-/capture/(?P<database>[^/]+)$", capture)]


async def capture(datasette, request):
    """The newest raw capture of an article, as the crawler received it."""
    name, url = request.url_vars["database"], request.args.get("url")
    try:
        database = datasette.get_database(name)
    except KeyError:
        raise NotFound(f"no database {name}") from None
    await datasette.ensure_permissions(request.actor, [("view-table", (name, "fetches")),
                                                      ("view-database", name), "view-instance"])
    refs = await database.execute(
        "SELECT warc_file, warc_offset, warc_length FROM fetches"
        " WHERE article_url = ? AND warc_file IS NOT NULL ORDER BY id DESC LIMIT ?", [url, CAPTURES_TRIED])
    directory = warc_directory(database.path)
    for file, offset, length in refs.rows:
        try:
            ref = WarcRef(file, offset, length)
            _, headers, body = await asyncio.to_thread(read_response, directory, ref)
        except (WarcError, OSError):
            continue        # a revisit (no body of its own), or a capture file moved away
        content_type = next((v for k, v in headers if k.lower() == "content-type"), "text/html")
        return Response(body, content_type=content_type,
                        headers={"Content-Security-Policy": SANDBOX, "X-Content-Type-Options": "nosniff"})
    raise NotFound(f"no readable capture of {url}")


@hookimpl(tryfirst=True)
def handle_exception(datasette, request, exception):
    """A table search that failed (the time limit) keeps the search box, with what went wrong."""
    if "_search" not in request.args or request.path.endswith((".json", ".csv")):
        return None

    async def page():
        message = getattr(exception, "message", None) or str(exception)
        html = await datasette.render_template(
            "search_error.html",
            {"search": request.args["_search"], "error": message, "action": request.path}, request=request)
        return Response.html(html, status=400)
    return page
