"""Self-check helpers for assignment test cells.

A failed check raises :class:`CheckFailed` whose message says what is wrong and why it matters, so a
learner never has to read a bare ``AssertionError``. ``CheckFailed`` is an ``AssertionError`` so that
nbgrader counts the test cell as failed.

Pass the condition as a ``lambda`` when evaluating it could itself fail, for example because the
learner's function still raises ``NotImplementedError`` or a variable is not defined yet::

    check(lambda: heavy_rain_days(rain) == 12, "Count the days with at least 50 mm of rain ...")

The learner then sees the course's message (and what went wrong) instead of a long traceback.
"""

from __future__ import annotations

from collections.abc import Callable


class CheckFailed(AssertionError):
    """A self-check did not pass; the message is written for the learner."""

    def _render_traceback_(self):  # IPython shows only this instead of a long traceback
        return [f"\u274c Not yet: {self}"]


def _evaluate(condition: object) -> tuple[bool, str | None]:
    """Return (passed, problem): call ``condition`` if it is callable and describe any error it raised."""
    if not callable(condition):
        return bool(condition), None
    try:
        return bool(condition()), None
    except NotImplementedError:
        return False, "this part is not written yet (the cell above still says YOUR CODE HERE)"
    except NameError as err:
        return False, f"{err}; run the cells above, in order, first"
    except Exception as err:  # any learner error becomes a readable message
        return False, f"your code raised {type(err).__name__}: {err}"


def check(condition: object | Callable[[], object], message: str) -> None:
    """Raise :class:`CheckFailed` with ``message`` unless ``condition`` is true.

    ``condition`` may be a value or a function without arguments (e.g. a ``lambda``) that returns one;
    an error raised while calling it fails the check with ``message`` and a short description.
    """
    passed, problem = _evaluate(condition)
    if not passed:
        raise CheckFailed(f"{message} ({problem})" if problem else message)


def calls_into(function: Callable, *modules: str) -> bool:
    """True if ``function``, or a notebook function it calls, uses a module whose name starts with one of
    ``modules`` (for example ``"rightsclimate.leftbehind"``).

    Hidden tests use it where an assignment asks learners to write a calculation themselves that the
    toolkit also offers: a wrapper around the toolkit's function is not the learner's own work. It reads
    the names the function's code refers to (nested functions and lambdas included) and follows the
    notebook's own functions it calls; it does not run anything.
    """
    import types

    seen: set[int] = set()

    def uses(fn: object) -> bool:
        if not isinstance(fn, types.FunctionType) or id(fn) in seen:
            return False
        seen.add(id(fn))
        names, stack = set(), [fn.__code__]
        while stack:
            code = stack.pop()
            names |= set(code.co_names)
            stack += [c for c in code.co_consts if isinstance(c, types.CodeType)]
        for name in names:
            obj = fn.__globals__.get(name)
            if isinstance(obj, types.ModuleType):  # the module itself, or a submodule reached as an attribute
                if any(f"{obj.__name__}.{attr}".startswith(modules) for attr in names | {""}):
                    return True
                continue
            if (getattr(obj, "__module__", None) or "").startswith(modules) or uses(obj):
                return True
        return False

    return uses(function)
