import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
KIM = SHARED / "examples" / "kim_self_defence_2021.txt"
GOLD = SHARED / "data" / "gold"
NEWS = SHARED / "data" / "news"


def need(path: Path) -> Path:
    """Shared data stays outside the repo: skip, saying why, when it is not beside us."""
    if not path.exists():
        pytest.skip(f"{path} not found: ../shared data is not beside this checkout")
    return path


@pytest.fixture(scope="session")
def coder():
    from dyad.coder import Coder

    return Coder()


@pytest.fixture(scope="session")
def kim_events(coder):
    text = need(KIM).read_text(encoding="utf-8")
    return text, coder.code(text, dt.date(2021, 10, 12), "kim")
