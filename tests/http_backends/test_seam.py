"""The seam's rule: one module imports httpx (and httpcore), one imports aiohttp.

The rule covers the client: the package except its two tools. The simulator
(``scansource_async/testing``) serves over httpx's in-process ASGI transport and may import
httpx as it likes. In the CLI, only the doctor may: it records the client's exchanges with an
httpx transport passed through ``transport=`` (as the simulator's is) and checks the token
endpoint on its own; those modules are listed by name, so a new importer still fails here.
Imports under ``if TYPE_CHECKING:`` are annotations only, never run, and do not count.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import scansource_async

PACKAGE = Path(scansource_async.__file__).parent
LIBRARIES = {"httpx": "httpx", "httpcore": "httpx", "aiohttp": "aiohttp", "yarl": "aiohttp"}


def _runtime_imports(tree: ast.AST) -> set[str]:
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def importers(*, tools: bool = False) -> dict[str, set[str]]:
    """Runtime importers of each library: in the client, or (``tools``) in the CLI."""
    by_library: dict[str, set[str]] = {"httpx": set(), "aiohttp": set()}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("testing/") or relative.startswith("cli/") != tools:
            continue
        for name in _runtime_imports(ast.parse(path.read_text(), str(path))):
            if name in LIBRARIES:
                by_library[LIBRARIES[name]].add(relative)
    return by_library


def test_one_module_imports_httpx_and_one_imports_aiohttp() -> None:
    assert importers() == {"httpx": {"_http/_httpx.py"}, "aiohttp": {"_http/_aiohttp.py"}}


def test_in_the_cli_only_the_doctor_uses_httpx() -> None:
    doctor = {"cli/_doctor_http.py", "cli/_token_check.py"}
    assert importers(tools=True) == {"httpx": doctor, "aiohttp": set()}


def test_the_check_sees_imports_wherever_they_are() -> None:
    source = (
        "import os\nif TYPE_CHECKING:\n    import httpx\ndef f():\n    from aiohttp import web\n"
    )
    assert _runtime_imports(ast.parse(source)) == {"os", "aiohttp"}


def test_the_client_with_aiohttp_never_loads_httpx() -> None:
    code = (
        "import sys, asyncio\n"
        "from scansource_async import ScanSourceClient\n"
        "async def main():\n"
        "    async with ScanSourceClient(subscription_key='k' * 12, http_backend='aiohttp'):\n"
        "        pass\n"
        "asyncio.run(main())\n"
        "print(sorted(m for m in ('httpx', 'httpcore', 'aiohttp') if m in sys.modules))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert run.stdout.strip() == "['aiohttp']"
