"""The outside checkers of the accessibility tests (docs/accessibility.md): axe-core,
the Nu HTML checker (vnu.jar, run with Java) and Lighthouse, installed from the small
npm project in tools/checkers (`npm ci --prefix tools/checkers`; CI does it).

They are part of the browser group: where CI requires that group, a missing checker
fails the run (madang/conftest.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

FOLDER = Path(
    os.environ.get("MADANG_CHECKERS", Path(__file__).resolve().parents[3] / "tools" / "checkers")
)
MODULES = FOLDER / "node_modules"
AXE = MODULES / "axe-core" / "axe.min.js"
VNU = MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = MODULES / "lighthouse" / "cli" / "index.js"
# What axe reports by its impact; these two fail the tests.
SERIOUS = ("serious", "critical")


def checkers_missing() -> str | None:
    """Why the checkers cannot run here, or None when they can."""
    install = f"npm ci --prefix {FOLDER}"
    for path in (AXE, VNU, LIGHTHOUSE):
        if not path.exists():
            return f"the accessibility checkers need {path.name} ({install})"
    for command, package in (("java", "default-jre-headless"), ("node", "nodejs")):
        if not shutil.which(command):
            return f"the accessibility checkers need {command} (apt-get install {package})"
    return None


def axe_violations(page: Any, *, rules: list[str] | None = None) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations of the page as it stands, WCAG 2.2 A and
    AA and axe's best practices. The page's context must bypass the site's CSP
    (``bypass_csp=True``): axe is a script the site does not serve."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    options: dict[str, Any] = {
        "runOnly": {
            "type": "tag",
            "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"],
        },
        "resultTypes": ["violations"],
    }
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    result = page.evaluate("options => window.axe.run(document, options)", options)
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [
                {"target": node["target"], "summary": node.get("failureSummary", "")}
                for node in violation["nodes"][:5]
            ],
        }
        for violation in result["violations"]
        if violation["impact"] in SERIOUS
    ]


def nu_errors(files: list[Path]) -> list[dict[str, Any]]:
    """The Nu HTML checker's errors in these files, each with its file's name."""
    command = ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always"]
    done = subprocess.run(  # noqa: S603 (the checker of tools/checkers, our own files)
        [*command, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    # vnu writes its report to standard error.
    messages = json.loads(done.stderr)["messages"]
    return [
        {
            "file": Path(message.get("url", "")).name,
            "line": message.get("lastLine"),
            "message": message["message"],
            "extract": message.get("extract", ""),
        }
        for message in messages
        if message["type"] == "error" or message.get("subType") == "fatal"
    ]


def lighthouse_accessibility(url: str, chromium: str, report: Path) -> dict[str, Any]:
    """Lighthouse's accessibility category for one address: its score (0 to 1) and the
    audits that failed. Its report goes to ``report`` (JSON)."""
    subprocess.run(  # noqa: S603 (the checker of tools/checkers, the test server's address)
        lighthouse_command(url, report),
        env={**os.environ, "CHROME_PATH": chromium},
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    data = json.loads(report.read_text())
    category = data["categories"]["accessibility"]
    failed = [
        ref["id"]
        for ref in category["auditRefs"]
        if ref.get("weight") and data["audits"][ref["id"]].get("score") not in (1, None)
    ]
    return {"score": category["score"], "failed": failed}


def lighthouse_command(url: str, report: Path) -> list[str]:
    """The command docs/accessibility.md gives, with the report written to ``report``."""
    return [
        "node",
        str(LIGHTHOUSE),
        url,
        "--only-categories=accessibility",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
    ]
