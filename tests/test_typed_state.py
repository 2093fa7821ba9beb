"""Pages and routes receive the app's runtime typed: no ``state: Any`` in the adapters."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "sellerdesk"


def test_no_page_route_or_worker_takes_the_app_state_as_any():
    untyped = []
    for folder in ("api", "web", "worker", "cli"):
        for path in (SRC / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for arg in node.args.args + node.args.kwonlyargs:
                    if arg.arg in ("state", "runtime", "run", "tracker") and (
                        arg.annotation is None or ast.unparse(arg.annotation) == "Any"
                    ):
                        untyped.append(f"{path.relative_to(SRC)}:{node.name}({arg.arg})")
                if (
                    node.name == "state_of"
                    and ast.unparse(node.returns or ast.Name("Any")) == "Any"
                ):
                    untyped.append(f"{path.relative_to(SRC)}:state_of")
    assert untyped == []
