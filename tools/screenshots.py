"""Regenerate the README's screenshots (docs/screenshots/*.png, 1280 px wide).

    python tools/screenshots.py

Runs the browser test with ``SELLERDESK_SCREENSHOTS=1``: a seeded app on a temp SQLite
home, Playwright driving Debian's Chromium (/usr/bin/chromium; never ``playwright install``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    env = {**os.environ, "SELLERDESK_SCREENSHOTS": "1"}
    test = "tests/browser/test_web_app_in_chromium.py"
    sys.exit(subprocess.call([sys.executable, "-m", "pytest", "-q", test], cwd=ROOT, env=env))
