"""The query parameters the event and analysis endpoints share, declared once (so their names,
types and descriptions cannot drift between ``/events`` and the analyses)."""
from __future__ import annotations

from typing import Annotated, Optional

from fastapi import Query

from dyad.store.queries import REALIS_HELP

MULTI = "several values as a|b"

Source = Annotated[Optional[str], Query(
    description=f"Source actor code prefix (PRK matches PRK, PRKGOV…); {MULTI}")]
Target = Annotated[Optional[str], Query(description=f"Target actor code prefix; {MULTI}")]
Actor = Annotated[Optional[str], Query(description=f"Actor code prefix on either side; {MULTI}")]
Plover = Annotated[Optional[str], Query(description=f"PLOVER type, e.g. ACCUSE; {MULTI}")]
Root = Annotated[Optional[str], Query(description=f"CAMEO root code 01-20; {MULTI}")]
Quad = Annotated[Optional[str], Query(description=f"QuadClass 1-4; {MULTI}")]
Since = Annotated[Optional[str], Query(description="Events dated on or after (YYYY[-MM[-DD]])")]
Until = Annotated[Optional[str], Query(description="Events dated on or before (YYYY[-MM[-DD]])")]
Realis = Annotated[str, Query(description=REALIS_HELP)]
