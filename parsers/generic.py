"""The generic parser: any news page -> Article, with provenance for every field."""
from __future__ import annotations

from . import byline, headline, metadata, pubdate
from .article import Article
from .authors import MAX_BYLINE
from .body import description_printed, extract_body
from .dateline import dateline
from .document import Document
from .text import clean


class GenericParser:
    """Metadata from JSON-LD, then <meta>, then HTML heuristics; the body from the content extractor.

    Site parsers subclass this and override single fields; each `field_*` method returns
    (value, source) with source one of article.SOURCES, or (None, None).
    """

    name = "generic"

    def parse(self, doc: Document) -> Article:
        values, provenance, warnings = self.extract(doc)
        return Article(**values, parser=self.parser_name(doc), provenance=provenance, warnings=warnings)

    def parser_name(self, doc: Document) -> str:
        return self.name

    def extract(self, doc: Document) -> tuple[dict, dict, list[str]]:
        ld = metadata.main_object(doc)
        values: dict = {"url": doc.url}
        provenance: dict[str, str] = {}

        def put(field, result):
            value, source = result
            if value not in (None, "", []):
                values[field] = value
                provenance[field] = source

        put("canonical_url", metadata.canonical_url(doc))
        values["site"] = metadata.site_of(values.get("canonical_url") or doc.url)
        if values["site"]:
            provenance["site"] = "url"
        put("headline", headline.headline(doc, ld))
        put("seo_headline", headline.seo_headline(doc, ld, values.get("headline")))
        printed, names, source = byline.authors(doc, ld)
        if printed:
            values["byline"] = clean(printed)[:MAX_BYLINE]
            provenance["byline"] = "html"
        if names:
            values["authors"] = names
            provenance["authors"] = source
        put("published", pubdate.published(doc, ld, values.get("headline")))
        put("modified", pubdate.modified(doc, ld, values.get("headline")))
        put("section", metadata.section(doc, ld))
        put("tags", metadata.tags(doc, ld))
        put("language", metadata.language(doc, ld))
        put("top_image", metadata.top_image(doc, ld))

        body, body_source, paywall_marker, standfirst = self.body(doc, ld, values.get("headline"))
        if body:
            values["body"] = body
            provenance["body"] = body_source
        values["is_paywalled"] = metadata.paywalled(doc, ld) or paywall_marker
        if not byline.names_a_person(values.get("authors", []), doc, ld) and (name := byline.signature(doc)):
            values["authors"], provenance["authors"] = [name], "text"
        put("dateline", (dateline(body), "text"))
        put("subheadline", (standfirst, "html") if standfirst else self.subheadline(doc, ld, values))
        return values, provenance, list(doc.warnings)

    def body(self, doc: Document, ld, headline: str | None) -> tuple[str | None, str, bool, str | None]:
        """(text, source, paywall marker seen, the standfirst set apart from it). A site parser
        overrides this to skip the content extractor, the costliest step, when its own selectors
        find the body."""
        article_body = ld.get("articleBody") if ld and isinstance(ld.get("articleBody"), str) else None
        found = extract_body(doc.tree, headline=headline, article_body=article_body,
                             description=metadata.description(doc, ld)[0], names=doc.names)
        return found.body, "html", found.paywall, found.standfirst

    def subheadline(self, doc: Document, ld, values):
        """The standfirst printed under the headline, else the description the page declares if it
        also prints it (an SEO description that is not on the page is no standfirst)."""
        printed, source = metadata.standfirst(doc)
        if printed:
            return printed, source
        desc, source = metadata.description(doc, ld)
        page = doc.tree.find("body")
        if page is not None and description_printed(desc, page, values.get("body")):
            return desc, source
        return None, None
