"""Figures stated in prose (narrative.* keys). Contract: ``extract_narrative(norm_text) -> NarrativeExtraction``.

Each figure keeps the sentence it came from (Fact.sentence, placement "prose"). Counts written as
"300余条" are approximate. Negations ("未收到…申请", "未发生…行政复议") are 0. A sentence dated to
another year than the report's ("2019年,成立了…配备了1名工作人员" in a 2020 report) is not read.
Doubts found on the way become findings: two different totals for the same thing
(narrative_conflict), listed parts that do not add up (parts_sum_mismatch), a 万 that makes a count
absurd (implausible_magnitude), a total with its number missing (missing_number). The value is
always kept as written.

The package, by concern: ``patterns`` (the vocabulary: what a figure's sentence looks like; plain word
lists in data/narrative_words.csv), ``scan`` (running those patterns fast, in windows around literal
anchors), ``sentences`` (the readable sentences, found on demand), ``extract`` (the rules: which match
is the figure, negations, conflicts, parts, magnitudes).
"""

# parse.damage and parse.metadata import each other: metadata must be loaded first (as parse.report does)
import xxgk.parse.metadata  # noqa: F401  isort: skip
from xxgk.parse.narrative.extract import NarrativeExtraction, extract_narrative  # noqa: E402

__all__ = ["NarrativeExtraction", "extract_narrative"]
