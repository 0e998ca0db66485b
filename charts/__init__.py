"""Pure figure builders: tidy frame in, plotly Figure out. One palette (charts.palette); no Streamlit."""
