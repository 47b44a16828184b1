"""Benchmarks of scansource_async against the simulator on loopback (``nox -s bench``).

Each module runs alone as ``python -m benchmarks.<name>`` (``--quick`` for a small run), prints
one table of ratios measured side by side in the same run, and writes
``benchmarks/results/<name>.json``. The simulator always runs in a separate process.
"""
