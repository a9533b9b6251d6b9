"""Benchmarks for clausediff (not tests): ``python -m benchmarks --help``.

* :mod:`benchmarks.synth` makes seeded synthetic plan pairs whose true alignment is known;
* :mod:`benchmarks.__main__` times every stage of the pipeline on them and prints Markdown tables;
* :mod:`benchmarks.worker` runs one stage in a fresh process (so its peak memory is its own).
"""
