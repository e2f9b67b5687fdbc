"""`scraper parsers` and `scraper new-site`: which sites have their own parser, and a new one
started from a saved page (the drafting itself is parsers/scaffold.py)."""
from __future__ import annotations

import datetime
import json
from pathlib import Path

import click

# The checkout this code runs from: where `new-site` writes unless told --root.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def site_rows() -> list[dict]:
    """One row per site parser: its name, module, domains and layout names."""
    from parsers import site_parsers

    unique = {id(p): p for p in site_parsers().values()}.values()
    rows = [{"name": p.name, "module": type(p).__module__, "domains": list(p.domains),
             "layouts": [layout.name for layout in p.layouts]} for p in unique]
    return sorted(rows, key=lambda row: row["domains"][0])


@click.command("parsers")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def parsers_cmd(fmt: str):
    """List the sites that have their own parser: domains, name and layouts."""
    rows = site_rows()
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = [("DOMAINS", "NAME", "LAYOUTS")]
    table += [(", ".join(r["domains"]), r["name"], ", ".join(r["layouts"])) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(2)]
    for domains, name, layouts in table:
        click.echo(f"{domains:<{widths[0]}}  {name:<{widths[1]}}  {layouts}")


@click.command("new-site")
@click.argument("domain")
@click.option("--from", "page", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="A saved article page of the site (.html or .html.gz).")
@click.option("--url", help="The page's URL (default: its canonical URL if on the site, "
                             "else https://DOMAIN/).")
@click.option("--name", help="The publisher's name (default: the page's og:site_name).")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=PROJECT_ROOT,
              help="The project checkout to write into (default: this one).")
def new_site_cmd(domain: str, page: str, url: str | None, name: str | None, root: Path):
    """Start a site parser from a saved page: writes parsers/sites/<module>.py with guessed
    selectors, and a test case tests/fixtures/sites/<module>.html + .json holding the generic
    parser's fields, for you to correct. Never overwrites a file or re-adds a registered domain."""
    from parsers import site_parsers
    from parsers.scaffold import module_name, normalise_domain, scaffold

    from .cli import _fail, _read_input

    host = normalise_domain(domain)
    if host is None:
        _fail(f"{domain!r} is not a domain name")
    if host in site_parsers():
        _fail(f"{host} already has a parser: {site_parsers()[host].name}")
    module = module_name(host)
    fixtures = root / "tests" / "fixtures" / "sites"
    targets = (root / "parsers" / "sites" / f"{module}.py", fixtures / f"{module}.html",
               fixtures / f"{module}.json")
    for path in targets:
        if not path.parent.is_dir():
            _fail(f"{root} is not a project checkout: {path.parent} is missing")
        if path.exists():
            _fail(f"{path} exists; not overwriting it")

    data = _read_input(page)
    draft = scaffold(data, host, url=url, name=name, layout=str(datetime.date.today().year))
    module_path, page_path, expected_path = targets
    module_path.write_text(draft.source, encoding="utf8")
    page_path.write_bytes(data)
    expected_path.write_text(json.dumps(draft.expected, ensure_ascii=False, indent=2) + "\n", encoding="utf8")
    for path in targets:
        click.echo(f"wrote {path}")
    click.echo(f"next: correct the selectors in {module_path.name} and the values in {expected_path.name}, "
               f"then run: pytest tests/test_site_fixtures.py -k {module}")


COMMANDS = (parsers_cmd, new_site_cmd)
