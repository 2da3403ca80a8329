"""``--list-waivers``: every active suppression, with its reason."""

from __future__ import annotations

import json
from collections.abc import Sequence

from cliniclint.review.suppressions import Waiver


def render_waivers(waivers: Sequence[tuple[str, Waiver]]) -> str:
    out: list[str] = []
    for path, w in waivers:
        until = f" (until {w.until.isoformat()})" if w.until else ""
        reason = w.reason or "(no reason given)"
        out.append(
            f"{path}:{w.start.line}: {w.kind} {','.join(w.rules)}{until} -- {reason}"
        )
    return "".join(line + "\n" for line in out)


def render_waivers_json(waivers: Sequence[tuple[str, Waiver]]) -> str:
    doc = {
        "waivers": [
            {
                "file": path,
                "line": w.start.line,
                "column": w.start.column,
                "kind": w.kind,
                "rules": list(w.rules),
                "reason": w.reason,
                "until": w.until.isoformat() if w.until else None,
            }
            for path, w in waivers
        ]
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
