"""Plain text for a terminal: one block per pair, wdiff-style marks [-old-]{+new+}."""

from __future__ import annotations

from ..align import DiffResult
from ..i18n import t


def redline_text(ops: list[tuple[str, str]]) -> str:
    parts = []
    for tag, text in ops:
        if tag == "equal":
            parts.append(text)
        elif tag == "delete":
            parts.append(f"[-{text}-]")
        else:
            parts.append(f"{{+{text}+}}")
    return "".join(parts)


def render_diff(result: DiffResult, lang: str = "en", **_: object) -> str:
    lines = [f"--- {result.old.id} ({result.old.date.isoformat()})", f"+++ {result.new.id} ({result.new.date.isoformat()})"]
    for pair in result.pairs:
        old = ",".join(pair.old) or "-"
        new = ",".join(pair.new) or "-"
        head = f"{t('status.' + pair.status, lang)}: {old} -> {new} [{', '.join(pair.categories)}]"
        if pair.similarity is not None:
            head += f" {pair.similarity:.2f} {pair.basis}"
        if pair.flags:
            head += " (" + ", ".join(t("flag." + f, lang) for f in pair.flags) + ")"
        lines.append("")
        lines.append(head)
        for change in pair.changes:
            lines.append(f"  ! {t('change.' + change['kind'], lang)}: {change['old'] or '-'} -> {change['new'] or '-'}")
        lines.append("  " + redline_text(pair.ops).replace("\n", "\n  "))
    summary = result.summary()["by_status"]
    lines.append("")
    lines.append(", ".join(f"{n} {t('status.' + s, lang)}" for s, n in summary.items()))
    return "\n".join(lines) + "\n"
