"""The Model page shows the card: metrics, bands, feature weights with their meanings."""

from scoring.model import BANDS, load_model


def test_the_model_card_is_shown(page, db, chart_with_field):
    at = page("model_card").run()
    assert not at.exception
    card = load_model().card
    assert card["model_id"] in at.markdown[0].value
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["ROC-AUC"] == f"{card['cross_validation']['roc_auc']:.2f}"
    shown = "\n".join(m.value for m in at.markdown)
    for band in BANDS:
        assert band.name in shown and band.meaning in shown
    (weights,) = chart_with_field(at, "weight")["frames"].values()
    assert sorted(weights["signal"]) == sorted(f["name"] for f in card["features"])
    assert weights["weight"].abs().is_monotonic_decreasing  # the most influential first
    assert (weights["meaning"].str.len() > 0).all()
