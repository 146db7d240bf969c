"""docs/rules.md from the rule catalog: the table of rules and a section for each.

The part of docs/rules.md between the two markers below is generated from ``data/rules.yaml``
(and each rule's summary in the message catalog); the rest of the page is written by hand.

    python -m vanban.check.docs --write docs/rules.md    # regenerate
    python -m vanban.check.docs --check docs/rules.md    # exit 1 when the page is stale (a test does this)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..base.rulecatalog import RuleCatalog, rule_catalog

__all__ = ["BEGIN", "END", "render_rules", "update_page"]

BEGIN = "<!-- BEGIN GENERATED: rules (python -m vanban.check.docs --write docs/rules.md; edit data/rules.yaml) -->"
END = "<!-- END GENERATED: rules -->"


def render_rules(catalog: RuleCatalog | None = None) -> str:
    """The generated part of docs/rules.md, markers included."""
    catalog = catalog or rule_catalog()
    out = [BEGIN, "", "| code | slug | default severity | what it flags |", "|---|---|---|---|"]
    out += [f"| {r.code} | {r.slug} | {r.severity.value} | {r.flags} |" for r in catalog.rules]
    for group in catalog.groups:
        rules = [r for r in catalog.rules if r.group == group.name]
        if not rules:
            continue
        out += ["", "---", "", f"## {group.title} ({group.prefix}xx)", ""]
        if group.intro:
            out += [group.intro.strip(), ""]
        for rule in rules:
            out += [
                f"### {rule.code} {rule.slug}", "",
                f"*Default severity: {rule.severity.value}.* {rule.summary('en')} ({rule.summary('vi')})", "",
                f"**What it checks.** {rule.what.strip()}", "",
                f"**Legal source.** {rule.why.strip()}", "",
                f"**Example** {rule.example.strip()}", "",
                f"**Fix.** {rule.fix.strip()}", "",
            ]
    out.append(END)
    return "\n".join(out) + "\n"


def update_page(text: str) -> str:
    """*text* (docs/rules.md) with its generated part replaced by the current one."""
    start, end = text.index(BEGIN), text.index(END) + len(END)
    return text[:start] + render_rules().rstrip("\n") + text[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the rules part of docs/rules.md from the rule catalog.")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", metavar="PATH", help="rewrite the generated part of PATH")
    group.add_argument("--check", metavar="PATH", help="exit 1 when the generated part of PATH is stale")
    args = parser.parse_args(argv)
    path = Path(args.write or args.check)
    text = path.read_text(encoding="utf-8")
    fresh = update_page(text)
    if args.check:
        if fresh != text:
            print(f"{path} is stale: run python -m vanban.check.docs --write {path}", file=sys.stderr)
            return 1
        return 0
    path.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
