import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from analytics_fixtures import STORE_A, make_store
from dyad.analytics import ActorFilter, network, network_json
from dyad.analytics.plots import plot_network
from dyad.cli import app
from dyad.store import connect

runner = CliRunner()


@pytest.fixture
def store(tmp_path):
    return make_store(tmp_path / "a.db", STORE_A)


def test_edges_and_nodes_hand_computed(store):
    g = network(store, ActorFilter())
    assert set(g.edges) == {("PRK", "USA"), ("USA", "PRK"), ("KOR", "JPN")}
    e = g.edges["PRK", "USA"]  # e1+e2 one act, e3, e6, e8; e4 is negated
    assert (e["events"], e["cooperation"], e["conflict"], e["mentions"]) == (4, 1, 3, 6)
    assert e["goldstein_sum"] == -11.0 and e["goldstein_mean"] == -2.75
    assert g.edges["USA", "PRK"]["goldstein_mean"] == -5.0
    prk = g.nodes["PRK"]
    assert (prk["out_degree"], prk["in_degree"], prk["events_out"], prk["events_in"], prk["events"]) == (1, 1, 4, 1, 5)
    strong = network(store, ActorFilter(), min_events=2)
    assert list(strong.edges) == [("PRK", "USA")] and strong.nodes["PRK"]["events_in"] == 0
    sector = network(store, ActorFilter(level="sector"))
    assert sector.edges["PRK", "USA"]["events"] == 4 and sector.edges["PRKGOV", "USA"]["events"] == 1
    since = network(store, ActorFilter(since="2017-09"))
    assert since.edges["PRK", "USA"]["events"] == 2 and since.number_of_edges() == 1


def test_json_and_empty(store, tmp_path):
    body = network_json(network(store))
    assert body["meta"]["nodes"] == 4 and body["meta"]["edges"] == 3 and body["meta"]["events"] == 6
    assert body["data"]["edges"][0]["source"] == "PRK" and body["data"]["nodes"][0]["events"] == 5
    json.dumps(body)
    empty = network(connect(tmp_path / "e.db"))
    assert network_json(empty)["data"] == {"nodes": [], "edges": []}
    out = tmp_path / "empty.png"
    plot_network(empty, out)
    assert out.read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(ValueError, match="min_events"):
        network(store, min_events=0)


def test_network_command_gexf_graphml_and_plot(store, tmp_path):
    db = str(tmp_path / "a.db")
    gexf = tmp_path / "n.gexf"
    res = runner.invoke(app, ["network", "--db", db, "-f", "gexf", "-o", str(gexf), "--plot",
                              str(tmp_path / "n.png")])
    assert res.exit_code == 0, res.output
    g = nx.read_gexf(gexf)
    assert g.is_directed() and g.edges["PRK", "USA"]["events"] == 4
    assert (tmp_path / "n.png").read_bytes()[:4] == b"\x89PNG"
    res = runner.invoke(app, ["network", "--db", db, "-f", "graphml"])
    assert res.exit_code == 0
    g2 = nx.parse_graphml(res.stdout)
    assert g2.edges["KOR", "JPN"]["goldstein_mean"] == 1.9
    res = runner.invoke(app, ["network", "--db", db, "-f", "csv", "--min-events", "2"])
    assert res.stdout.splitlines()[1].startswith("PRK,USA,4")
    res = runner.invoke(app, ["network", "--db", db])
    assert res.exit_code == 0 and "PRK→USA" in res.stdout


def test_output_to_a_device_is_written_in_place_not_replaced(store, tmp_path):
    import os
    import stat

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    import threading

    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo).read()))
    reader.start()
    res = runner.invoke(app, ["network", "--db", str(tmp_path / "a.db"), "-f", "csv", "-o", str(fifo)])
    reader.join(10)
    assert res.exit_code == 0 and got and got[0].startswith("source,target")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still the pipe, not a renamed file
