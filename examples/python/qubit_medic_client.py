"""A minimal Qubit-Medic client over plain HTTP (standard library + requests).

HTTP episodes are stateless: POST /reset returns an encrypted ``episode_id`` token, and
POST /step must quote it. Any server replica holding the same VERILAB_TOKEN_KEY can step it,
once. The same server also speaks OpenEnv's WebSocket protocol at ``/ws`` (what OpenEnv's
own ``EnvClient`` uses) and MCP at ``POST /mcp``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import requests


@dataclass
class StepResult:
    observation: dict[str, Any]
    reward: Optional[float]
    done: bool


class QubitMedicClient:
    """reset/step/decode against ``verilab serve`` (base URL e.g. http://127.0.0.1:8000)."""

    def __init__(self, base_url: str = "http://127.0.0.1:8000", timeout: float = 60.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.session.post(f"{self.base_url}{path}", json=body, timeout=self.timeout)
        if response.status_code >= 400:
            # 422: {"detail": [pydantic-style errors]}; 400: {"detail": "message"}.
            raise RuntimeError(f"{path} failed with {response.status_code}: {response.json().get('detail')}")
        return response.json()

    def reset(self, seed: Optional[int] = None, level: Optional[str] = None, **options: Any) -> StepResult:
        """Starts an episode. The same (level, seed) always gives the same syndrome."""
        body: dict[str, Any] = dict(options)
        if seed is not None:
            body["seed"] = seed
        if level is not None:
            body["level"] = level
        data = self._post("/reset", body)
        return StepResult(data["observation"], data["reward"], data["done"])

    def step(self, episode_id: str, raw_response: str = "", **action: Any) -> StepResult:
        """Answers an episode; ``raw_response`` is the model's completion text."""
        data = self._post("/step", {"action": {"raw_response": raw_response, "episode_id": episode_id, **action}})
        return StepResult(data["observation"], data["reward"], data["done"])

    def decode(self, syndrome: list[int], level: str = "L2_target") -> dict[str, Any]:
        """The server's exact matching decoder on a syndrome; frames in the answer's qubit ids."""
        return self._post("/decode", {"syndrome": syndrome, "level": level})

    def health(self) -> bool:
        response = self.session.get(f"{self.base_url}/health", timeout=self.timeout)
        return response.ok and response.json().get("status") == "healthy"
