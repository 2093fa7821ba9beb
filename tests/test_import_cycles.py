"""No import loops between the modules of ``sellerdesk`` (issue 14, "Done when").

The graph is grimp's (the one import-linter checks the layers on): every import counts, at
the top of a module, inside a function or under ``TYPE_CHECKING``. A deferred import does
not make a loop go away; it only moves the failure to the first call that takes it. A loop is
broken by moving the code to the module where it belongs.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import grimp

# (importer, imported) edges of loops someone is removing now (every edge of such a loop); each
# must be a real edge of a loop, so an entry leaves this set the day its loop goes.
KNOWN_LOOPS: frozenset[tuple[str, str]] = frozenset()


def _strongly_connected(edges: dict[str, set[str]]) -> Iterator[list[str]]:
    """Tarjan's components of more than one module (iterative: the graph is deep)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    yield sorted(component)


def _loop_through(graph: grimp.ImportGraph, importer: str, imported: str) -> str:
    """``a -> b -> … -> a`` (with line numbers) for the edge ``importer -> imported``."""
    back = graph.find_shortest_chain(importer=imported, imported=importer) or ()
    chain = [importer, *back]
    steps = []
    for a, b in pairwise(chain):
        lines = sorted({d["line_number"] for d in graph.get_import_details(importer=a, imported=b)})
        steps.append(f"{a} (line {', '.join(map(str, lines))})")
    return " -> ".join([*steps, chain[-1]])


def test_no_module_of_sellerdesk_imports_itself_back():
    graph = grimp.build_graph("sellerdesk")
    edges = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    loops = []
    known_seen = set()
    for component in _strongly_connected(edges):
        members = set(component)
        for importer in component:
            for imported in sorted(edges[importer] & members):
                if (importer, imported) in KNOWN_LOOPS:
                    known_seen.add((importer, imported))
                    continue
                loops.append(_loop_through(graph, importer, imported))
    assert not loops, "import loops (move the code to where it belongs):\n" + "\n".join(loops)
    assert known_seen == KNOWN_LOOPS, f"these known loops are gone: {KNOWN_LOOPS - known_seen}"


def test_the_loop_finder_names_a_loop():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert list(_strongly_connected(edges)) == [["a", "b", "c"]]
