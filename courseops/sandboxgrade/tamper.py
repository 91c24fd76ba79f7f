"""Static check of the cells a learner can edit for code that tampers with the test machinery.

Locked and test cells are restored by nbgrader, but the learner's own cells run in the same Python
process as the tests, so they can redefine what the tests call (``rightsclimate.selfcheck.check``,
``AssertionError``, ``builtins.__import__``, IPython's error display ...). The sandbox re-imports the
toolkit and restores builtins before each test cell; this scan catches the rest by reading the
code (after IPython's own transformation of magics) and names what it found, so the grader can
zero the autograded tests of that notebook and ask the instructor to review it.
"""

from __future__ import annotations

import ast

# Names whose mere use in learner code means "reaching into the interpreter or the test machinery".
FORBIDDEN_NAMES = {
    "builtins": "the builtins module",
    "__builtins__": "the builtins namespace",
    "__import__": "the import machinery",
    "ctypes": "ctypes (raw memory access)",
    "_safegrade_guard": "the grader's own guard",
}
FORBIDDEN_ATTRIBUTES = {
    "showtraceback": "IPython's error display",
    "_showtraceback": "IPython's error display",
    "excepthook": "the exception hook",
    "displayhook": "the display hook",
    "settrace": "the tracer",
    "setprofile": "the profiler",
    "modules": "sys.modules",
    "meta_path": "the import system",
    "path_hooks": "the import system",
    "f_globals": "another frame's variables",
    "f_locals": "another frame's variables",
    "f_back": "the caller's frame",
    "__globals__": "a function's globals",
    "__code__": "a function's code",
    "_render_traceback_": "the check's error display",
    "get_referrers": "the garbage collector",
    "get_objects": "the garbage collector",
    "run_cell": "IPython's cell execution",
    "events": "IPython's event hooks",
    "input_transformers_post": "IPython's input transformers",
    "input_transformers_cleanup": "IPython's input transformers",
    "set_custom_exc": "IPython's exception handler",
    "CustomTB": "IPython's exception handler",
    "ast_transformers": "IPython's AST transformers",
}
PROTECTED_NAMES = {"check", "CheckFailed", "AssertionError", "Exception", "BaseException", "get_ipython"}
PROTECTED_MODULES = ("rightsclimate", "selfcheck", "nbgrader", "IPython", "ipykernel", "builtins", "sys", "importlib")
ALLOWED_IPYTHON_CALLS = {"run_line_magic", "run_cell_magic", "system", "getoutput"}


def python_source(cell_source: str) -> str:
    """The cell as plain Python, the way IPython runs it (magics and ``!`` become function calls)."""
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(cell_source)


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.value if not isinstance(node, ast.Call) else node.func
    return node.id if isinstance(node, ast.Name) else None


def _assigned_targets(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            yield from node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            yield node.target
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield ast.Name(id=node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                yield ast.Name(id=(alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.Delete):
            yield from node.targets


def _is_allowed_ipython_call(node: ast.AST, parents: dict) -> bool:
    """``get_ipython().run_line_magic(...)`` and friends, which IPython writes for ``%`` and ``!``."""
    call = parents.get(node)
    attr = parents.get(call)
    return isinstance(call, ast.Call) and isinstance(attr, ast.Attribute) and attr.attr in ALLOWED_IPYTHON_CALLS


def toolkit_aliases(tree: ast.AST) -> set[str]:
    """Names the code binds to toolkit modules or objects (``import rightsclimate.x as y``,
    ``from rightsclimate.x import f``): changing an attribute of one patches what the tests use."""
    aliases = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in PROTECTED_MODULES:
                    aliases.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in PROTECTED_MODULES:
            aliases.update(alias.asname or alias.name for alias in node.names)
    return aliases


def findings_in_code(source: str) -> list[str]:
    """What in ``source`` (one learner cell) touches the test machinery; empty when nothing does."""
    try:
        tree = ast.parse(python_source(source))
    except SyntaxError:
        return []  # it will fail when run, like any syntax error
    protected_roots = set(PROTECTED_MODULES) | PROTECTED_NAMES | toolkit_aliases(tree)
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in FORBIDDEN_NAMES:
            found.append(f"uses {FORBIDDEN_NAMES[node.id]} ({node.id})")
        elif isinstance(node, ast.Name) and node.id == "get_ipython" and not _is_allowed_ipython_call(node, parents):
            found.append("uses the IPython shell object (get_ipython)")
        elif isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_ATTRIBUTES:
            found.append(f"uses {FORBIDDEN_ATTRIBUTES[node.attr]} (.{node.attr})")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            names = [module] if module else [a.name for a in node.names]
            for name in names:
                if name and name.split(".")[0] in ("ctypes", "gc", "builtins", "importlib", "inspect"):
                    found.append(f"imports {name}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("setattr", "delattr"):
            if node.args and _root_name(node.args[0]) in protected_roots:
                found.append(f"{node.func.id} on {_root_name(node.args[0])}")
    for target in _assigned_targets(tree):
        if isinstance(target, ast.Name) and target.id in PROTECTED_NAMES:
            found.append(f"redefines {target.id}")
        elif isinstance(target, ast.Attribute | ast.Subscript):
            root = _root_name(target)
            if root in protected_roots:
                found.append(f"changes {root}.{getattr(target, 'attr', '[...]')}")
    return sorted(set(found))


def is_learner_cell(cell) -> bool:
    """A code cell the learner may have written or changed (not locked, not an autograder test)."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if cell.get("cell_type") != "code":
        return False
    if meta.get("solution"):
        return True
    return not (meta.get("locked") or meta.get("grade"))


def tamper_findings(nb) -> list[str]:
    """Findings over every learner cell of a (sanitized) notebook, each prefixed by its cell."""
    found = []
    for index, cell in enumerate(nb.cells):
        if is_learner_cell(cell):
            label = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or f"cell {index + 1}"
            found += [f"{label}: {item}" for item in findings_in_code(cell.source)]
    return found
