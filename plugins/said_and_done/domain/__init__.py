"""The domain: records, their schema, loading and validating them, the model, and what is derived.

Pure: imports nothing of Pelican or of the rest of Said & Done but its signals
(hooks.py), and reads files without writing any (stores.py says how a build keeps
what it worked out).
"""
