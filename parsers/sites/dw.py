"""Deutsche Welle (DW): the React site since 2023, and the older one with a facts list
("Datum", "Autorin/Autor") under the story."""
from .. import dates
from ..authors import split_names
from ..registry import register
from ..site import Layout, SiteParser, select
from ..text import clean, element_text


@register
class DW(SiteParser):
    name = "Deutsche Welle"
    domains = ("dw.com",)
    layouts = (
        Layout(
            name="2023",
            headline=("article header h1",),
            authors=(".author-details .author",),
            body=(".content-area .rich-text",),
            strip=(".vjs-wrapper",),
        ),
        Layout(
            name="2016",
            headline=("#bodyContent h1",),
            body=("#bodyContent .longText",),
            strip=(".picBox", ".col2"),
        ),
    )

    def _facts(self, doc):
        """(label, value) of each item in the old layout's facts list."""
        for item in select(doc.tree, "ul.smallList li"):
            label = item.find("strong")
            if label is not None:
                yield element_text(label), clean((label.tail or "") + " ".join(
                    element_text(el) + (el.tail or "") for el in label.itersiblings()))

    def site_authors(self, doc, layout):
        names = super().site_authors(doc, layout)
        for label, value in self._facts(doc):
            if "autor" in label.lower() or "author" in label.lower():
                names += [name for name in split_names(value) if name not in names]
        return names

    def site_published(self, doc, layout):
        return super().site_published(doc, layout) or next(
            (day for _, value in self._facts(doc) if (day := dates.normalise(value))), None)
