"""Checks run over a built site: which pages it has, and what real tools say about them.

Each check is a plain function returning findings (an empty list means it passed), so
the test of the demo and the test that injects a violation into a copy call the same code.
"""
