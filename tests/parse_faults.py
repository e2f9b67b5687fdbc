"""A parse function for worker-process tests (importable by name, as a worker needs): a page that says
HANG keeps its worker busy forever, one that says CRASH kills its worker, one that says SLOW takes
two seconds; others parse normally."""
from __future__ import annotations

import os
import time

from scraper.parsepool import parse_page

SLOW_SECONDS = 2.0


def faulty_parse(body: bytes, url: str, content_type: str | None, parser: str | None):
    if b"HANG" in body:
        time.sleep(3600)
    if b"SLOW" in body:
        time.sleep(SLOW_SECONDS)
    if b"CRASH" in body:
        os._exit(70)          # as a segfault in a C extension or the OOM killer would end it
    return parse_page(body, url, content_type, parser)
