"""Code the tests share: where the repository is, building and reading a site, projects to
build again and again, and the checks run over a built site (site_checks).

Test modules import what they need from here, never from conftest.py or from another
test module. Fixtures are shared the pytest way: conftest.py defines them, or registers a
module of them here with `pytest_plugins`, and a test names the ones it uses as arguments.
"""
