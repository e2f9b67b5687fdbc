"""The baseline for `make bench-crawl`: what a user would build instead of this project. A Scrapy
sitemap spider (robots.txt obeyed, one request at a time per host, no delay, like ours in the bench)
that extracts each page with trafilatura and stores it in SQLite, one commit per article.

    python -m bench.scrapy_baseline --robots http://127.0.0.2:8400/robots.txt,... --db scrapy.db
"""
from __future__ import annotations

import argparse
import json
import sqlite3

import scrapy
import trafilatura
from scrapy.crawler import CrawlerProcess
from scrapy.spiders import SitemapSpider


class SQLitePipeline:
    def open_spider(self, spider) -> None:
        self.conn = sqlite3.connect(spider.db)
        self.conn.execute("CREATE TABLE IF NOT EXISTS articles"
                          " (url TEXT PRIMARY KEY, title TEXT, author TEXT, date TEXT, text TEXT)")

    def process_item(self, item, spider):
        self.conn.execute("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?)",
                          (item["url"], item.get("title"), item.get("author"), item.get("date"),
                           item.get("text")))
        self.conn.commit()
        return item

    def close_spider(self, spider) -> None:
        self.conn.close()


class NewsSpider(SitemapSpider):
    name = "news"

    def parse(self, response: scrapy.http.Response):
        extracted = trafilatura.extract(response.text, url=response.url, output_format="json",
                                        with_metadata=True)
        if extracted:
            data = json.loads(extracted)
            yield {"url": response.url, "title": data.get("title"), "author": data.get("author"),
                   "date": data.get("date"), "text": data.get("text")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--robots", required=True,
                        help="comma-separated robots.txt URLs (their Sitemap: lines)")
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    process = CrawlerProcess(settings={
        "LOG_LEVEL": "WARNING", "ROBOTSTXT_OBEY": True, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1, "TELNETCONSOLE_ENABLED": False,
        "ITEM_PIPELINES": {"bench.scrapy_baseline.SQLitePipeline": 100}, "USER_AGENT": "bench-baseline"})
    process.crawl(NewsSpider, sitemap_urls=args.robots.split(","), db=args.db)
    process.start()


if __name__ == "__main__":
    main()
