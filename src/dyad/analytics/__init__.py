"""Analysis over the event store: plain functions over an open store connection
(``dyad.store.connect(path)``), each returning a JSON-serialisable ``{"data": ..., "meta": ...}``
(the network also as a ``networkx.DiGraph``), shared by the CLI, the REST API and the dashboard.

* ``ActorFilter`` — which events, with actor roll-up (``PRK`` = PRK, PRKGOV, PRKMIL…) and the
  level (country or sector) at which one act is counted once;
* ``series`` — a dyad's time series (``dyad trends``);
* ``alerts`` — escalation alerts, ACLED's % change or a z-score (``dyad alerts``);
* ``mixed`` — mixed signals: cooperation and conflict towards one target in one article or
  week (``dyad mixed``);
* ``network``/``network_json`` — the directed actor network (``dyad network``);
* ``summarize``/``Summary`` — the corpus summary of coded articles (``dyad summary``).
"""
from dyad.analytics.alerts import alerts
from dyad.analytics.filters import LEVELS, ActorFilter
from dyad.analytics.mixed import mixed
from dyad.analytics.network import network, network_json
from dyad.analytics.periods import INTERVALS
from dyad.analytics.series import series
from dyad.analytics.summary import Summary, summarize

__all__ = ["INTERVALS", "LEVELS", "ActorFilter", "Summary", "alerts", "mixed", "network", "network_json", "series", "summarize"]
