"""The project's own tests, one folder per thing tested.

- ``reference/``: the reference implementation's behaviour, state machine, datastructures and faults;
- ``suite/``: the conformance suite judged: broken implementations rejected, variants judged precisely, reports;
- ``ecosystem/``: other frameworks' bindings, the ecosystem report and the reproducers of their defects;
- ``typing/``: the contract under mypy and pyright, the static tier and the reader of checker output;
- ``live/``: the live tier, real ASGI servers serving a binding;
- ``benchmarks/``: the benchmarks' harness (never their timings);
- ``project/``: the project's documents and packaging: README, SPEC.md, clause references, an installed wheel.

Shared by them: ``bindings/`` (small binding modules, loaded by module path), ``catalogue.py``
(the broken implementations), ``state_model.py``, ``processes.py`` and ``submodules.py``.
"""
