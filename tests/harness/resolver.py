"""Fake DNS for reserved `.test` names; numeric spellings are parsed, never looked up, as getaddrinfo does."""
from __future__ import annotations

from collections import Counter

from scraper.netpolicy import ResolutionFailed, numeric_address


class FakeResolver:
    """`answers` maps a name to its addresses, or to a list of successive answers (DNS rebinding):
    `{"rebind.test": [["127.0.0.1"], ["10.0.0.1"]]}` answers 127.0.0.1 first and 10.0.0.1 afterwards."""

    def __init__(self, answers: dict[str, list[str] | list[list[str]]]):
        self.answers = {name.lower(): value for name, value in answers.items()}
        self.calls: Counter[str] = Counter()

    async def __call__(self, host: str, port: int) -> list[str]:
        host = host.lower()
        self.calls[host] += 1
        answer = self.answers.get(host)
        if answer is None:
            numeric = numeric_address(host)
            if numeric is None:
                raise ResolutionFailed(f"{host}: NXDOMAIN (fake resolver)")
            return numeric
        if answer and isinstance(answer[0], list):
            return list(answer[min(self.calls[host], len(answer)) - 1])
        return list(answer)
