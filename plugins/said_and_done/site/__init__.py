"""Pelican glue: the plugin's settings, its generator, view models and filters, and running a build."""
