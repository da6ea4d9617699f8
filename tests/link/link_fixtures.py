"""Places and text shared by the linking tests."""

from svidok.model.core import Place, Span

BUCHA = Place("ua:UA32080010010", "Bucha", "settlement", 50.5436, 30.2125, "Kyiv Oblast")
IRPIN = Place("ua:UA32080030010", "Irpin", "settlement", 50.5218, 30.2506, "Kyiv Oblast")
KUPIANSK = Place("gn:704839", "Kupiansk", "settlement", 49.7106, 37.6156, "Kharkiv Oblast", geonameid=704839)
KHARKIV_OBLAST = Place("admin1:UA63", "Kharkiv Oblast", "admin1", 49.5, 36.5, "Kharkiv Oblast",
                       geo_precision="admin1")

SENTENCE = "Russian forces held 400 prisoners in cramped cells, officials said."


def _span(text: str, start: int = 0) -> Span:
    return Span(start, start + len(text), text)
