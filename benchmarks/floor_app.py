"""The floor of the browser benchmark (benchmarks/browser_bench.py): a bare Streamlit page with
one metric, one chart and one table, plus a select box and a row selection so that switching a
province and opening a row's detail have a floor too. Nothing of the dashboard is imported.

    streamlit run benchmarks/floor_app.py
"""
import altair as alt
import pandas as pd
import streamlit as st

PROVINCES = [f"Tỉnh {n:02d}" for n in range(1, 64)]


@st.cache_data
def scores(province: str) -> pd.DataFrame:
    seed = sum(map(ord, province))
    return pd.DataFrame({"year": list(range(2018, 2025)),
                         "score": [70 + (seed * (y - 2010)) % 25 for y in range(2018, 2025)]})


province = st.sidebar.selectbox("Tỉnh, thành phố", PROVINCES)
st.title(f"Sàn: {province}")
frame = scores(province)
st.metric("Điểm", f"{frame['score'].iloc[-1]:.2f}")
st.altair_chart(alt.Chart(frame).mark_line(point=True).encode(x="year:O", y="score:Q"), width="stretch")
event = st.dataframe(frame, on_select="rerun", selection_mode="single-row", key="rows")
if event.selection.rows:
    row = frame.iloc[event.selection.rows[0]]
    st.subheader(f"Chi tiết: {int(row['year'])}")
    st.altair_chart(alt.Chart(frame).mark_bar().encode(x="year:O", y="score:Q"), width="stretch")
st.caption("Xong: sàn")
