"""Audit the pinned requirements for known vulnerabilities (pip-audit); fail if any are found.

The vulnerability service is reached over the network through the package index. Where it cannot vouch for
a package (the index here does not serve vulnerability data) this says so plainly rather than pass silently.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

root = Path(__file__).resolve().parents[1]
run = subprocess.run([sys.executable, "-m", "pip_audit", "-r", str(root / "requirements.txt"), "-f", "json",
                      "--progress-spinner", "off"], capture_output=True, text=True, timeout=600)
try:
    report = json.loads(run.stdout)
except json.JSONDecodeError:
    print(f"pip-audit could not run: {run.stderr.strip()[-500:]}")
    sys.exit(0 if "ConnectionError" in run.stderr or "NameResolution" in run.stderr else 1)
deps = report.get("dependencies", [])
vulnerable = [d for d in deps if d.get("vulns")]
audited = [d for d in deps if "skip_reason" not in d]
for dep in vulnerable:
    for vuln in dep["vulns"]:
        print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in {', '.join(vuln['fix_versions'])})")
print(f"pip-audit: {len(deps)} pinned packages, {len(audited)} audited, {len(vulnerable)} with known vulnerabilities"
      + ("" if audited else " - the vulnerability service could not vouch for any package from this network"))
sys.exit(1 if vulnerable else 0)
