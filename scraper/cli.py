"""The `scraper` command. Each sub-command lives in the module that does the work; this file only
wires them into one group, so `scraper --help` lists everything."""
from __future__ import annotations

import json
import sys
import zlib

import click

from . import __version__, tools

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


@cli.command("parse")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--url", help="The page's URL: picks the site parser and resolves links.")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True)
def parse_cmd(file: str, url: str | None, fmt: str):
    """Parse a saved page (.html or .html.gz, or - for stdin) and print the article."""
    from parsers import parse

    data = _read_input(file)
    if not _looks_like_html(data):
        _fail(f"{file}: not an HTML page ({'empty' if not data.strip() else 'no HTML markup found'})")
    article = parse(data, url=url)
    if fmt == "json":
        click.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
    else:
        lines = [article.headline or "(no headline)"]
        meta = [x for x in (article.byline or ", ".join(article.authors), article.published) if x]
        if meta:
            lines.append(" · ".join(meta))
        lines.append("")
        lines.append(article.body or "(no body)")
        click.echo("\n".join(lines))


from .crawlcmd import crawl_cmd  # noqa: E402  (sub-command modules import the exit codes above)

cli.add_command(crawl_cmd)
cli.add_command(tools.reparse_cmd)
cli.add_command(tools.import_warc_cmd)
cli.add_command(tools.search_cmd)
cli.add_command(tools.export_cmd)
cli.add_command(tools.history_cmd)
cli.add_command(tools.stats_cmd)
cli.add_command(tools.serve_cmd)


def main() -> None:
    cli(prog_name="scraper")
