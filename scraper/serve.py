"""`scraper serve`: Datasette on the archive, read-only, with what `scraper/datasette/` ships:

    metadata.json   facets, full-text search, canned queries, and the charts (datasette-dashboards)
    templates/      an article's page that reads like the article; bounded cells in the lists
    plugins/        archive_ui.py: everyday-word search, short default columns, the raw capture, ...

Datasette opens a mutable file `mode=ro`; we never pass it as immutable, because the live file changes
under a crawl (reliability.md: immutable readers saw "malformed")."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

# Reader limits from reliability.md, stated rather than left to Datasette's defaults; list cells are cut
# at 120 characters (the article page shows everything).
SETTINGS = {"sql_time_limit_ms": 1000, "max_returned_rows": 1000, "facet_time_limit_ms": 1000,
            "allow_download": False, "truncate_cells_html": 120}
SHIPPED = "archive"     # the database's name in the shipped metadata
DASHBOARD = "archive"   # the charts page: /-/dashboards/archive


def _shipped() -> Path:
    return Path(str(resources.files("scraper").joinpath("datasette")))


def metadata_for(db_path: Path) -> dict:
    """The shipped metadata, with the database renamed to the name Datasette gives this file (its stem)
    wherever it is named: the database section, and each chart and filter of the dashboard."""
    shipped = json.loads((_shipped() / "metadata.json").read_text("utf-8"))
    name = Path(db_path).stem
    shipped["databases"] = {name: shipped["databases"][SHIPPED]}
    for dashboard in shipped["plugins"]["datasette-dashboards"].values():
        for part in (*dashboard.get("charts", {}).values(), *dashboard.get("filters", {}).values()):
            if part.get("db") == SHIPPED:
                part["db"] = name
    return shipped


def build(db_path: Path):
    from datasette.app import Datasette

    return Datasette(files=[str(db_path)], metadata=metadata_for(db_path), settings=SETTINGS,
                     template_dir=str(_shipped() / "templates"), plugins_dir=str(_shipped() / "plugins"))


def serve(db_path: Path, host: str, port: int, say=print) -> None:
    import asyncio

    import uvicorn

    datasette = build(db_path)
    asyncio.run(datasette.invoke_startup())
    shown = f"[{host}]" if ":" in host else host
    say(f"Serving {db_path} read-only at http://{shown}:{port}/\n"
        f"  articles: http://{shown}:{port}/{Path(db_path).stem}/articles"
        f"  charts: http://{shown}:{port}/-/dashboards/{DASHBOARD}\n"
        f"Press Ctrl-C to stop.")
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning", lifespan="on")
