"""Tests of the examples/ folder."""
