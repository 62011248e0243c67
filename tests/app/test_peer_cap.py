"""A hand-made So sánh link naming more peers than the list accepts opens the page with the first
ones and says so, instead of Streamlit's StreamlitSelectionCountExceedsMaxError."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from analysis import catalog, db
from analysis.i18n import t
from tests.app.conftest import APP
from ui.selection import MAX_PEERS

COMPARE = "app_pages/4_so_sanh.py"


def test_a_link_with_too_many_peers_keeps_the_first_ones_and_says_so(workspaces):
    with db.open_read(workspaces["demo"]) as con:
        codes = [str(c) for c in catalog.units(con, "PAR_INDEX", 2024)["unit_code"]]
    unit, peers = codes[0], codes[1:MAX_PEERS + 4]
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in {"ws": "demo", "index": "PAR_INDEX", "year": "2024", "unit": unit,
                       "peer_mode": "custom", "peers": ",".join(peers)}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(COMPARE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="w_peers").value == peers[:MAX_PEERS]
    said = t("side.peers_capped", "vi", n=MAX_PEERS, given=len(peers))
    assert said in [c.value for c in at.sidebar.caption]
    assert at.query_params["peers"] == ",".join(peers[:MAX_PEERS])  # the URL now says what is shown
