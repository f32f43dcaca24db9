"""The programs `parwh bench` measures, each run in its own process as `python -m parwh.bench_steps.<module> ...`.

Each module imports only what its own step needs (a measured process's time and memory are its own), so this
package imports nothing.
"""
