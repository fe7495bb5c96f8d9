"""Score extraction with ../shared/eval/score.py on labeled postings; prints the figures (run pytest -s to see)."""
import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCORER = REPO.parent / "shared" / "eval" / "score.py"
GOLD_SETS = {
    "dev": REPO.parent / "shared" / "eval" / "dev-gold.jsonl",
    "heldout": REPO / "tests" / "data" / "heldout-gold.jsonl",
    "heldout2": REPO / "tests" / "data" / "heldout2-gold.jsonl",
}
# Floors below today's figures: they catch a broken extractor, not small changes. The held-out sets were
# labeled more exhaustively (many inferred concepts), so their recall, and F1, sit lower.
FLOORS = {"dev": {"f1": 0.85, "requirement_accuracy": 0.9, "years_accuracy": 0.9},
          "heldout": {"f1": 0.7, "requirement_accuracy": 0.85, "years_accuracy": 0.85},
          "heldout2": {"f1": 0.7, "requirement_accuracy": 0.85, "years_accuracy": 0.8}}


@pytest.mark.parametrize("name", list(GOLD_SETS))
def test_score_on_labeled_postings(name, capsys):
    gold = GOLD_SETS[name]
    if not SCORER.is_file() or not gold.is_file() or not (REPO.parent / "shared" / "corpus").is_dir():
        pytest.skip("../shared (scorer, corpus) or the gold file is not available")
    command = f"{shlex.quote(sys.executable)} -m skillgap"
    result = subprocess.run([sys.executable, str(SCORER), str(gold), "--skillgap", command, "--json"],
                            capture_output=True, text=True, cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    with capsys.disabled():
        print(f"\n{name} gold ({gold.name}):")
        for key in ("overall", "ko", "en"):
            print(f"  {key:8} {figures[key]}")
        for key in ("recall_tool", "recall_concept", "recall_soft", "requirement_accuracy", "years_accuracy"):
            print(f"  {key:22} {figures[key]}")
    floors = FLOORS[name]
    for language in ("ko", "en"):
        assert figures[language]["f1"] >= floors["f1"], (language, figures[language])
    assert figures["requirement_accuracy"] >= floors["requirement_accuracy"]
    assert figures["years_accuracy"] >= floors["years_accuracy"]
