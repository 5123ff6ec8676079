"""Synthetic corpus of 政府信息公开工作年度报告 with known ground truth (issue #6).

- ``generate_corpus(n, out_dir, seed=0) -> SynthSummary``: the corpus (reports + truth.jsonl).
- ``render_report(truth, layout, rng, damage=()) -> Rendered``: one report from a truth dict; the
  returned ``Rendered.truth`` is what a careful reader can recover from ``Rendered.text``.
- ``sample_truth(rng, era=None)``: one consistent, not yet rendered truth dict (property tests).
- ``LAYOUTS`` / ``DAMAGES``: the table layouts and kinds of damage the renderer knows.
"""

from xxgk.synth.corpus import SynthSummary, generate_corpus, sample_truth
from xxgk.synth.render import DAMAGES, LAYOUTS, Rendered, render_report

__all__ = ["generate_corpus", "SynthSummary", "render_report", "Rendered", "sample_truth", "LAYOUTS", "DAMAGES"]
