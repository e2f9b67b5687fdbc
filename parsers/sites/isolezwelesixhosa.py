"""Isolezwe lesiXhosa (Independent Media's Next.js platform; CSS-module class names, matched by
their stable prefix)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class IsolezweLesiXhosa(SiteParser):
    name = "Isolezwe lesiXhosa"
    domains = ("isolezwelesixhosa.co.za",)
    layouts = (
        Layout(
            name="2025",
            headline=("[class*='article_content'] [class*='article-titles'] h1",),
            body=("[class*='article-widgets'] [class*='text_text']",),
            strip=("[class*='google-ad']", "figure", "[class*='image-widget']"),
        ),
    )
