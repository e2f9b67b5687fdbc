"""The `scraper` command. Each sub-command lives in the module that does the work; this file only
wires them into one group, so `scraper --help` lists everything."""
from __future__ import annotations

import json
import sys
import zlib

import click

from . import __version__, sitecmds, tools

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_CANNOT_RUN = 0, 1, 2, 3
# A saved page larger than this once decompressed is refused (a gzip bomb, not a news page).
MAX_PAGE_BYTES = 64 * 2**20


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scraper")
def cli():
    """News scraper and archiver: polite crawls into a SQLite archive researchers can query."""


def _fail(message: str) -> None:
    click.echo(f"scraper: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _read_input(path: str) -> bytes:
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as f:
                data = f.read()
    except OSError as e:
        _fail(f"cannot read {path}: {e.strerror or e}")
    if data[:2] == b"\x1f\x8b":
        inflater = zlib.decompressobj(wbits=31)
        try:
            data = inflater.decompress(data, MAX_PAGE_BYTES + 1)
        except zlib.error as e:
            _fail(f"{path}: broken gzip ({e})")
        if len(data) > MAX_PAGE_BYTES:
            _fail(f"{path}: more than {MAX_PAGE_BYTES // 2**20} MiB once decompressed")
    return data


def _looks_like_html(data: bytes) -> bool:
    head = data[:4096]
    if not head.strip():
        return False
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    sample = head.lstrip(b"\xef\xbb\xbf").decode("utf-8", "ignore").lower()
    return "<" in sample and any(t in sample for t in ("<html", "<!doctype", "<head", "<body", "<p", "<div",
                                                        "<article", "<meta", "<title"))


FORMATS = ("json", "text", "markdown")


def format_article(article, fmt: str) -> str:
    """An article as JSON, plain text (headline, byline and date, body) or Markdown."""
    if fmt == "json":
        return json.dumps(article.to_dict(), ensure_ascii=False, indent=2)
    byline = article.byline or ", ".join(article.authors)
    if fmt == "text":
        meta = " · ".join(x for x in (byline, article.published) if x)
        return "\n".join([article.headline or "(no headline)", *([meta] if meta else []), "",
                          article.body or "(no body)"])
    meta = " · ".join(x for x in (byline, article.dateline, article.published, article.section) if x)
    blocks = [f"# {article.headline or '(no headline)'}"]
    blocks += [f"*{article.subheadline}*"] if article.subheadline else []
    blocks += [meta] if meta else []
    blocks.append(article.body or "(no body)")
    blocks += [f"Tags: {', '.join(article.tags)}"] if article.tags else []
    source = article.canonical_url or article.url
    blocks += [f"Source: <{source}>"] if source else []
    return "\n\n".join(blocks)


@cli.command("parse")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--url", help="The page's URL: picks the site parser and resolves links.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
def parse_cmd(file: str, url: str | None, fmt: str):
    """Parse a saved page (.html or .html.gz, or - for stdin) and print the article. To fetch a URL and
    parse it, use `scraper get URL`."""
    from parsers import parse

    if file.lower().startswith(("http://", "https://")):
        _fail(f"parse reads a saved page; to fetch and parse {file}, use: scraper get {file}")
    data = _read_input(file)
    if not _looks_like_html(data):
        _fail(f"{file}: not an HTML page ({'empty' if not data.strip() else 'no HTML markup found'})")
    click.echo(format_article(parse(data, url=url), fmt))


from .cluster.cli import cluster_group  # noqa: E402
from .crawlcmd import crawl_cmd  # noqa: E402  (sub-command modules import the exit codes above)
from .getcmd import get_cmd  # noqa: E402

cli.add_command(crawl_cmd)
cli.add_command(cluster_group)
cli.add_command(get_cmd)
for module in (sitecmds, tools):
    for command in module.COMMANDS:
        cli.add_command(command)


def main() -> None:
    cli(prog_name="scraper")
