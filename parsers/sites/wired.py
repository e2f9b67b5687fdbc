"""WIRED (wired.com, Condé Nast "verso", shared with thenewyorker.py)."""
from ..registry import register
from .thenewyorker import CondeNastVerso


@register
class Wired(CondeNastVerso):
    name = "WIRED"
    domains = ("wired.com",)
