"""Die Neue Südtiroler Tageszeitung (tageszeitung.it, WordPress)."""
from ..registry import register
from ..site import BoldLeadStandfirst, Layout


@register
class Tageszeitung(BoldLeadStandfirst):
    name = "Die Neue Südtiroler Tageszeitung"
    domains = ("tageszeitung.it",)
    layouts = (
        Layout(
            name="wordpress",
            headline=("h1.cat_article_title",),
            subheadline=("#article_content p:not(.wp-caption-text)",),
            body=("#article_content", ".single_article_content"),
            # After the clearfix comes the photo credit line.
            strip=(".wp-caption", "figure", "#article_content > .clear ~ div"),
        ),
    )
