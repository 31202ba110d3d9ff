"""A small sampling profiler: every half millisecond it looks at the main thread's stack and
files the sample under the layer doing the work. Unlike cProfile it adds no cost per Python
call, so template-heavy and SQL-heavy code are measured on the same footing."""

import sys
import threading
import time
from collections import Counter

# (layer, test on the stack, innermost frame first: a list of "path:function" strings)
DRIVER = ("django/db/backends/", "psycopg/")
RULES = [
    (
        "SQL: the database executing and returning rows",
        lambda s: (
            s[0].startswith(DRIVER, s[0].find("site-packages/") + 14)
            or s[0].endswith(
                ("compiler.py:cursor_iter", "compiler.py:<lambda>", "django/db/utils.py:inner")
            )
        ),
    ),
    (
        "filter form: rendering its <select> options",
        lambda s: any(
            "django/forms/widgets.py" in f or "django/forms/boundfield.py" in f for f in s
        ),
    ),
    ("ORM: compiling queries, making model objects", lambda s: "django/db/" in s[0]),
    (
        "template rendering (page, rows, pagination)",
        lambda s: any("django/template/" in f or "templatetags" in f for f in s),
    ),
    (
        "filter validation (django-filter, forms)",
        lambda s: any("django_filters/" in f or "django/forms/" in f for f in s),
    ),
    (
        "request: middleware, session, auth, URL routing",
        lambda s: any(
            m in f
            for f in s
            for m in (
                "django/core/handlers",
                "django/middleware",
                "django/contrib/",
                "axes/",
                "django/urls/",
            )
        ),
    ),
    ("application code", lambda s: any("/kythuat/" in f for f in s)),
]


def layer(stack: list[str]) -> str:
    for name, test in RULES:
        if test(stack):
            return name
    return "other Python (decimal, dicts, …)"


class Sampler:
    def __init__(self, interval: float = 0.0005) -> None:
        self.interval, self.samples, self.leaves = interval, Counter(), Counter()
        self.target = threading.get_ident()
        self.stop = threading.Event()
        self.started = self.elapsed = 0.0

    def __enter__(self) -> "Sampler":
        self.switch = sys.getswitchinterval()
        sys.setswitchinterval(self.interval / 2)
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.started = time.perf_counter()
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.elapsed = time.perf_counter() - self.started
        self.stop.set()
        self.thread.join()
        sys.setswitchinterval(self.switch)

    def run(self) -> None:
        while not self.stop.is_set():
            frame = sys._current_frames().get(self.target)
            stack = []
            while frame is not None and len(stack) < 80:
                code = frame.f_code
                stack.append(f"{code.co_filename}:{code.co_name}")
                frame = frame.f_back
            if stack:
                self.samples[layer(stack)] += 1
                self.leaves[stack[0].rsplit("/", 1)[-1]] += 1
            time.sleep(self.interval)

    def summary(self, calls: int, top: int = 6) -> str:
        total = sum(self.samples.values()) or 1
        per_call = self.elapsed / calls * 1000
        lines = [
            f"    {name:<52} {n / total * per_call:7.1f} ms  {n / total:4.0%}"
            for name, n in self.samples.most_common()
        ]
        lines += [f"      {n / total:4.0%}  {leaf}" for leaf, n in self.leaves.most_common(top)]
        return "\n".join(lines)
