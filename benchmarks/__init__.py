"""Benchmarks of the portal (``make bench``, ``benchmarks/pages.py``); never run as tests."""
