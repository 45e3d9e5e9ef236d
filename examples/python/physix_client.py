"""A minimal PhysiX client over plain HTTP (standard library + requests).

PhysiX lives under ``/envs/physix`` on ``verilab serve``. Episodes are multi-turn: each step
proposes equations of motion and gets the verifier's feedback, up to ``max_turns`` turns.

Two ways to keep an episode between turns, both over plain HTTP:

- OpenEnv's stateless routes (``POST /envs/physix/reset`` and ``/step``): the server keeps
  nothing; the whole episode travels sealed in the ``episode_id`` token, and every step returns
  a new token for the next turn (the one stepped is spent: quoting it again answers 400).
  ``PhysixEpisode`` holds the current token for you.
- The original PhysiX-Live interactive API (``/envs/physix/interactive/sessions``): the server
  keeps the session; steps name its ``session_id``. It also returns the verifier's full report
  and the hypothesis' predicted trajectory.

Actions are ``{"equation": ..., "params": {...}, "rationale": ...}``. The server refuses (422,
naming the field) an equation over 2,000 characters, a rationale over 500, more than 16
parameters or a parameter name that is not an identifier of at most 32 characters.
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


class PhysixError(RuntimeError):
    """The server refused a request; ``status`` is the HTTP status, ``detail`` its reason."""

    def __init__(self, path: str, status: int, detail: Any) -> None:
        super().__init__(f"{path} failed with {status}: {detail}")
        self.status = status
        self.detail = detail


class PhysixClient:
    """reset/step against ``verilab serve`` (base URL e.g. http://127.0.0.1:8000)."""

    def __init__(self, base_url: str = "http://127.0.0.1:8000", timeout: float = 60.0) -> None:
        self.base_url = base_url.rstrip("/") + "/envs/physix"
        self.timeout = timeout
        self.session = requests.Session()

    def _request(self, method: str, path: str, body: Optional[dict[str, Any]] = None) -> Any:
        response = self.session.request(method, f"{self.base_url}{path}", json=body, timeout=self.timeout)
        if response.status_code >= 400:
            # 422: {"detail": [pydantic-style errors]}; 400/404/409: {"detail": "message"}.
            raise PhysixError(path, response.status_code, response.json().get("detail"))
        return response.json()

    def health(self) -> bool:
        try:
            return self._request("GET", "/health").get("status") == "healthy"
        except (requests.RequestException, PhysixError):
            return False

    def systems(self) -> list[dict[str, Any]]:
        """The systems: ``system_id``, ``state_variables``, ``tier`` (tier3 is held out), ``title``."""
        return self._request("GET", "/interactive/systems")

    # ---- OpenEnv's stateless routes: the episode travels in the token ----

    def reset(
        self,
        seed: Optional[int] = None,
        system_id: Optional[str] = None,
        max_turns: Optional[int] = None,
        reward_profile: Optional[str] = None,
        fit: Optional[bool] = None,
    ) -> StepResult:
        """Starts an episode. Without a seed the server draws a hidden one."""
        options = {"seed": seed, "system_id": system_id, "max_turns": max_turns, "reward_profile": reward_profile, "fit": fit}
        data = self._request("POST", "/reset", {key: value for key, value in options.items() if value is not None})
        return StepResult(data["observation"], data["reward"], data["done"])

    def step(
        self, episode_id: str, equation: str, params: Optional[dict[str, float]] = None, rationale: str = ""
    ) -> StepResult:
        """One turn. ``episode_id`` is the token of the latest observation; the reply carries the next."""
        action = {"equation": equation, "params": params or {}, "rationale": rationale, "episode_id": episode_id}
        data = self._request("POST", "/step", {"action": action})
        return StepResult(data["observation"], data["reward"], data["done"])

    def start(self, **options: Any) -> "PhysixEpisode":
        """``reset`` wrapped in a ``PhysixEpisode`` that keeps the token between turns."""
        return PhysixEpisode(self, self.reset(**options))

    # ---- The interactive API: the server keeps the session ----

    def start_session(self, **options: Any) -> dict[str, Any]:
        """``{session_id, observation, system, max_turns, seed}``; options as ``reset``."""
        return self._request("POST", "/interactive/sessions", {key: value for key, value in options.items() if value is not None})

    def session_step(
        self, session_id: str, equation: str, params: Optional[dict[str, float]] = None, rationale: str = ""
    ) -> dict[str, Any]:
        """``{observation, predicted_trajectory, verification}`` for one turn of a session."""
        return self._request(
            "POST", f"/interactive/sessions/{session_id}/step", {"equation": equation, "params": params or {}, "rationale": rationale}
        )

    def end_session(self, session_id: str) -> dict[str, Any]:
        """Ends a session; the summary then includes the ground truth."""
        return self._request("DELETE", f"/interactive/sessions/{session_id}")


class PhysixEpisode:
    """One stateless-HTTP episode: remembers the latest token so each turn quotes the right one."""

    def __init__(self, client: PhysixClient, first: StepResult) -> None:
        self.client = client
        self.observation = first.observation
        self.reward: Optional[float] = None
        self.done = first.done

    @property
    def episode_id(self) -> str:
        return self.observation["episode_id"]

    def step(self, equation: str, params: Optional[dict[str, float]] = None, rationale: str = "") -> StepResult:
        if self.done:
            raise ValueError("the episode is over: reset for another")
        result = self.client.step(self.episode_id, equation, params, rationale)
        self.observation, self.reward, self.done = result.observation, result.reward, result.done
        return result
