from collections.abc import Iterator

import pytest

from tests.scheduling import recorder


@pytest.fixture(autouse=True)
def _fresh_recorder() -> Iterator[None]:
    recorder.reset()
    yield
    recorder.reset()
