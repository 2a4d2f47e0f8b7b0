import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.matching.embeddings import EmbeddingsScorer, make_scorer
from bot.matching.scoring import DefaultScorer, value_matrix
from tests.matching.conftest import mentor, need


class FakeEmbeddings(BaseHTTPRequestHandler):
    """Embeds a text as [1, 0] when it is about the heart, else [0, 1]."""

    mode = "ok"
    requests = 0

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests += 1
        if self.mode == "error":
            self.send_response(500)
            self.end_headers()
            return
        if self.mode == "slow":
            time.sleep(1.0)
        data = [
            {
                "object": "embedding",
                "index": k,
                "embedding": [1.0, 0.0] if ("heart" in t or "cardio" in t) else [0.0, 1.0],
            }
            for k, t in enumerate(body["input"])
        ]
        payload = json.dumps(
            {
                "object": "list",
                "data": data,
                "model": body["model"],
                "usage": {"prompt_tokens": 1, "total_tokens": 1},
            }
        ).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting, as the slow-service test intends

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def base_url() -> Iterator[str]:
    FakeEmbeddings.mode = "ok"
    FakeEmbeddings.requests = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeEmbeddings)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


plain_need = need(
    goal="my child has a heart problem, who can explain", topics=frozenset(), specialty=None
)
heart = mentor("heart", specialties=frozenset(), topics=frozenset(), help_text="cardiology")
kidney = mentor("kidney", specialties=frozenset(), topics=frozenset(), help_text="nephrology")


def test_embeddings_lift_the_mentor_whose_offer_means_the_same(base_url: str) -> None:
    scorer = EmbeddingsScorer("test-key", base_url, timeout_seconds=2)
    matrix = value_matrix(scorer, [plain_need], [heart, kidney])
    assert matrix[0, 0] > matrix[0, 1]
    assert scorer.score(plain_need, heart).value == pytest.approx(matrix[0, 0])
    assert "profile close in meaning to the request" in scorer.score(plain_need, heart).reasons
    assert "profile close in meaning to the request" not in scorer.score(plain_need, kidney).reasons


def test_texts_are_embedded_once(base_url: str) -> None:
    scorer = EmbeddingsScorer("test-key", base_url, timeout_seconds=2)
    scorer.score(plain_need, heart)
    scorer.score(plain_need, heart)
    assert FakeEmbeddings.requests == 1


@pytest.mark.parametrize("mode", ["error", "slow"])
def test_a_failing_or_slow_service_falls_back_to_the_default_score(
    base_url: str, mode: str
) -> None:
    FakeEmbeddings.mode = mode
    scorer = EmbeddingsScorer("test-key", base_url, timeout_seconds=0.2)
    default = DefaultScorer()
    assert scorer.score(plain_need, heart) == default.score(plain_need, heart)
    assert (
        value_matrix(scorer, [plain_need], [heart, kidney])
        == value_matrix(default, [plain_need], [heart, kidney])
    ).all()


def test_factory_needs_a_key_for_embeddings(base_url: str) -> None:
    assert type(make_scorer(None, None)) is DefaultScorer
    assert type(make_scorer("", base_url)) is DefaultScorer
    assert type(make_scorer("test-key", base_url)) is EmbeddingsScorer
