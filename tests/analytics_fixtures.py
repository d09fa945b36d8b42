"""Small stores written in the tests, with expectations computed by hand in each test."""
from pathlib import Path

from dyad.analytics.synthetic import insert_events
from dyad.store import connect

# Goldstein (CAMEO table): 138 threaten -7.0 (Q3), 190 use force -10.0 (Q4), 036 -> 4.0 (Q1),
# 042 1.9 (Q1), 172 -5.0 (Q4), 057 8.0 (Q1), 111 -2.0 (Q3)
STORE_A = [
    {"id": "e1", "source": "PRK", "target": "USA", "cameo": "138", "date": "2017-08-09", "articles": ["a1"]},
    # the same act at country level: same week (W32), CAMEO code and negation, a sector code
    {"id": "e2", "source": "PRKGOV", "target": "USA", "cameo": "138", "date": "2017-08-10", "articles": ["a2"]},
    {"id": "e3", "source": "PRK", "target": "USA", "cameo": "190", "date": "2017-09-03", "articles": ["a1", "a3"]},
    {"id": "e4", "source": "PRK", "target": "USA", "cameo": "036", "date": "2017-06-15", "negated": True},
    {"id": "e5", "source": "KOR", "target": "JPN", "cameo": "042", "date": "2017-07-01", "articles": ["a4"]},
    {"id": "e6", "source": "PRK", "target": "USA", "cameo": "111", "date": "2017-10", "articles": ["a5"]},
    {"id": "e7", "source": "USA", "target": "PRK", "cameo": "172", "date": "2017-08-20", "articles": ["a6"]},
    {"id": "e8", "source": "PRK", "target": "USA", "cameo": "057", "date": "2017-08-28", "articles": ["a7"]},
]


def make_store(path: Path, events) -> "object":
    conn = connect(path)
    insert_events(conn, events)
    return conn


def _codes(quad: int) -> list[str]:
    from dyad import ontology

    return sorted(k for k, v in ontology.cameo_codes().items() if v.quad_class == quad and len(k) == 3)


def acts(source: str, target: str, day: str, n: int, quad: int = 3, prefix: str = "") -> list[dict]:
    """``n`` distinct acts (different CAMEO codes of ``quad``) of one dyad on one day; ids
    ``{prefix}{source}-{target}-{day}-{i}``."""
    codes = _codes(quad)
    return [{"id": f"{prefix}{source}-{target}-{day}-q{quad}-{i}", "source": source, "target": target,
             "cameo": codes[i], "date": day} for i in range(n)]
