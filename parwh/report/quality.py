"""The quality gate's results as one offline page (warehouse/quality/index.html).

Great Expectations' own Data Docs load their CSS and JavaScript from CDNs, so offline their tables are empty.
This page is plain HTML with its style inline: every check, its rule in words, pass or fail in text (not an
icon alone), the rows checked and the values that failed. GX's pages stay beside it (gx_index.html).
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path

VALUES_SHOWN = 10
STYLE = """
body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; margin: 0 auto; max-width: 1100px;
       padding: 0 1rem 2rem; color: #1b1b1b; line-height: 1.4; }
table { border-collapse: collapse; font-size: .9rem; width: 100%; }
th, td { border: 1px solid #ddd; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
.passed { color: #1b5e20; font-weight: 600; }
.failed { color: #b71c1c; font-weight: 600; }
.note { color: #555; font-size: .9rem; }
code { font-size: .85rem; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; }
.scroll { overflow-x: auto; }
"""


def check_row(frame_name: str, result) -> str:
    config = result.expectation_config
    outcome = result.result or {}
    rule = (config.meta or {}).get("rule", config.type)
    arguments = ", ".join(f"{key}={value}" for key, value in config.kwargs.items() if key != "batch_id")
    failed_values = outcome.get("partial_unexpected_list") or []
    if "observed_value" in outcome:
        seen = f"observed {outcome['observed_value']}"
    else:
        seen = ", ".join(str(value) for value in failed_values[:VALUES_SHOWN])
    status = ("passed", "đạt · passed") if result.success else ("failed", "KHÔNG ĐẠT · FAILED")
    cells = [
        f'<td class="{status[0]}">{status[1]}</td>',
        f"<td>{html.escape(frame_name)}</td>",
        f"<td>{html.escape(rule)}<br><code>{html.escape(config.type)}({html.escape(arguments)})</code></td>",
        f'<td class="number">{outcome.get("element_count", "")}</td>',
        f'<td class="number">{outcome.get("unexpected_count", "")}</td>',
        f"<td><code>{html.escape(seen)}</code></td>",
    ]
    return "<tr>" + "".join(cells) + "</tr>"


def write_quality_page(path: Path, results: list, summary: str) -> Path:
    """results: (frame name, GX ExpectationValidationResult) for every check run."""
    failed = sum(1 for _, result in results if not result.success)
    rows = "\n".join(check_row(frame_name, result) for frame_name, result in results)
    verdict = (f'<p class="failed">{failed} kiểm tra không đạt · checks failed</p>' if failed
               else '<p class="passed">Tất cả kiểm tra đều đạt · All checks passed</p>')
    page = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cổng chất lượng · Quality gate</title><style>{STYLE}</style></head>
<body>
<h1>Cổng chất lượng · Quality gate</h1>
<p>Kết quả các kiểm tra Great Expectations trên tệp vừa dựng, trước khi công bố · The Great Expectations checks run on
the freshly built file before it is published ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC).</p>
{verdict}
<pre class="note">{html.escape(summary)}</pre>
<div class="scroll"><table>
<thead><tr><th>Kết quả · Result</th><th>Khung · Frame</th><th>Quy tắc · Rule</th><th>Dòng kiểm · Rows checked</th>
<th>Dòng lỗi · Rows failing</th><th>Giá trị lỗi hoặc giá trị thấy · Failing values or value seen</th></tr></thead>
<tbody>
{rows}
</tbody></table></div>
<p class="note">Trang gốc của Great Expectations (cần mạng để hiển thị đủ) · Great Expectations' own Data Docs (they
need the network for their styling): <a href="gx_index.html">gx_index.html</a>.</p>
</body></html>
"""
    path.write_text(page, encoding="utf-8")
    return path
