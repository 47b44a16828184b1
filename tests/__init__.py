"""The test suite (a package, so test modules import helpers as ``tests.helpers``)."""
