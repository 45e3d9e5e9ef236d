"""The tests run against a live ``verilab serve`` named by VERILAB_URL
(packages/cli/src/commands/python-client.test.ts starts one and runs them)."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def server_url() -> str:
    url = os.environ.get("VERILAB_URL")
    if not url:
        pytest.fail("set VERILAB_URL to a running `verilab serve` (e.g. http://127.0.0.1:8000)")
    return url
