"""What a command imports before it needs it: the heavy libraries stay out until used."""
from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_commands_start_without_bs4_or_a_plotting_library():
    loaded = _run("import sys; import skillgap.cli, skillgap.analysis, skillgap.report, skillgap.batch; "
                  "print(sorted(m for m in ('bs4', 'matplotlib') if m in sys.modules))")
    assert loaded == "[]"


def test_the_cache_key_does_not_depend_on_whether_bs4_was_imported():
    # bs4 is imported only when an HTML posting is parsed; a key that changed with it would miss the cache.
    before = _run("from skillgap.cache import extractor_version; print(extractor_version())")
    after = _run("import bs4; from skillgap.cache import extractor_version; print(extractor_version())")
    assert before == after


def test_html_postings_still_parse_once_bs4_is_loaded_lazily(tmp_path):
    page = tmp_path / "posting.html"
    page.write_text("<html><head><title>ML Engineer</title></head><body><h2>Requirements</h2>"
                    "<ul><li>Kubernetes</li><li>PyTorch</li></ul><script>Rust</script></body></html>",
                    encoding="utf-8")
    out = _run(f"from skillgap.load import read_document; print(read_document({str(page)!r}, 'p').text)")
    assert "- Kubernetes" in out and "- PyTorch" in out and "Rust" not in out
