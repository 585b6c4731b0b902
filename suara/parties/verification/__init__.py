"""Factual verification of party members on a sample anyone can redraw (issue 14 §3): the Krejcie–Morgan
sample size (``sizes``), the seeded systematic draw and its replacements (``sampling``), the verifier's
services, pages and API, and the berita acara PDF. docs/parties.md, "Factual verification"."""
