from dyad.analytics import summarize
from dyad.record import Article


def test_summary_counts_and_sample(coder):
    articles = [Article("a", "Iran accused Israel of sabotage. Japan praised India."),
                Article("b", "Russian troops attacked Ukraine. Iran accused Israel again.")]
    s = summarize(coder.pipe(articles), sample=2, seed=3)
    d = s.to_dict()
    assert d["articles"] == 2 and d["events"] == 4 and d["events_per_article"] == 2.0
    assert d["both_countries_share"] == 1.0
    assert d["top_dyads"][0] == {"source": "IRN", "target": "ISR", "events": 2}
    assert len(s.sample) == 2
    again = summarize(coder.pipe(articles), sample=2, seed=3)
    assert [e.event_id for e in again.sample] == [e.event_id for e in s.sample]


def test_non_state_actors_do_not_count_as_countries(coder):
    s = summarize(coder.pipe([Article("a", "Islamic State militants attacked Iraqi troops.")]))
    d = s.to_dict()
    assert d["events"] >= 1 and d["both_countries_share"] == 0.0 and d["target_share"] == 1.0
