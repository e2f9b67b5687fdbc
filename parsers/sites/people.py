"""People's Daily Online (人民网, people.com.cn). Pages credit their editors in a closing
"(责编：name、name)" line; the author block above the text is usually empty."""
import re

from ..registry import register
from ..site import Layout, SiteParser, select
from ..text import clean, element_text

TEXT = ".rm_txt .rm_txt_con"
EDITORS = f"{TEXT} .edit"


@register
class People(SiteParser):
    name = "People's Daily Online"
    domains = ("people.com.cn",)
    layouts = (
        Layout(
            name="rm_txt",
            headline=(".rm_txt .col-1 > h1", ".rm_txt h1"),
            authors=(".rm_txt .col-1 > .author", EDITORS),
            body=(TEXT,),
            strip=(".edit", ".paper_num", ".bza", ".box_pic", ".zdfy", "center", "table", "figure"),
        ),
    )

    def site_authors(self, doc, layout):
        # the first selector that yields names wins: the author block is often present but empty
        for credit in (el for selector in layout.authors for el in select(doc.tree, selector)):
            text = clean(element_text(credit)).strip("()（） ")
            # "责编：A、B" -> the names after the role label, separated by the ideographic comma
            names = re.split(r"[、,，;；]\s*", re.split(r"[:：]", text, maxsplit=1)[-1])
            if (names := [n.strip() for n in names if n.strip()]):
                return names
        return []
