"""The build engine: caches, page keys and fingerprints, rendering on every core, timings, the output folder."""
