"""`scraper serve`: Datasette on the archive, read-only, with the shipped metadata (facets, full-text
search, canned queries). Datasette opens a mutable file `mode=ro`; we never pass it as immutable,
because the live file changes under a crawl (reliability.md: immutable readers saw "malformed")."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

# Reader limits from reliability.md, stated rather than left to Datasette's defaults.
SETTINGS = {"sql_time_limit_ms": 1000, "max_returned_rows": 1000, "facet_time_limit_ms": 1000,
            "allow_download": False}


def metadata_for(db_path: Path) -> dict:
    """The shipped metadata, its database section renamed to the name Datasette gives this file."""
    shipped = json.loads(resources.files("scraper").joinpath("datasette/metadata.json").read_text("utf-8"))
    shipped["databases"] = {Path(db_path).stem: shipped["databases"]["archive"]}
    return shipped


def build(db_path: Path):
    from datasette.app import Datasette

    return Datasette(files=[str(db_path)], metadata=metadata_for(db_path), settings=SETTINGS)


def serve(db_path: Path, host: str, port: int) -> None:
    import asyncio

    import uvicorn

    datasette = build(db_path)
    asyncio.run(datasette.invoke_startup())
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning", lifespan="on")
