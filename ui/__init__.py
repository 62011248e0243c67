"""Streamlit-side helpers: the sidebar selection and its URL, cached analysis calls, page furniture."""
