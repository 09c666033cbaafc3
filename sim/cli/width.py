"""Terminal output within 100 columns: a longer line is wrapped, its continuation indented
under the line's last column (a table's description) or by four spaces."""

import re
import textwrap

WIDTH = 100


def fit(text: str, width: int = WIDTH) -> str:
    """`text` with every line at most `width` columns.

    >>> print(fit("name      a description that goes on and on", 34))
    name      a description that goes
              on and on
    """
    lines = []
    for line in text.splitlines():
        if len(line) <= width:
            lines.append(line)
            continue
        gaps = list(re.finditer(r"\s{2,}(?=\S)", line[:width]))
        indent = gaps[-1].end() if gaps and gaps[-1].end() < width - 20 else 4
        lines += textwrap.wrap(line, width, subsequent_indent=" " * indent, break_on_hyphens=False)
    return "\n".join(lines)
