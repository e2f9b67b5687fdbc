"""Rolling Stone (rollingstone.com, Penske Media's WordPress themes)."""
from ..registry import register
from ..site import Layout, SiteParser

_STRIP = ("figure", "[class*=admz]", "[id^=adm-]", "[class*=__pull]", "[class*=related]", "[id^=jwplayer]",
          "[class*=o-ad]", "[class*=newsletter]", "[class*=c-ad]", "aside", "[class*=injected]")


@register
class RollingStone(SiteParser):
    name = "Rolling Stone"
    domains = ("rollingstone.com",)
    # Names in the text are links with id="auto-tag_<name>", which the generic class filter takes
    # for tag lists: clean=False, the strip list does the work.
    layouts = (
        Layout(name="larva", body=(".a-content .pmc-paywall", ".a-content"), strip=_STRIP, clean=False),
        Layout(name="2019", body=(".c-content",), strip=_STRIP, clean=False),
    )
