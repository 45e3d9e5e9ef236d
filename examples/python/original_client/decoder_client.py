"""The original Qubit-Medic project's HTTP client, ported to run without its package.

Provenance: a re-implementation of ``DecoderClient`` from ``qubit_medic/client/client.py`` in the
original Qubit-Medic / QuantumScribe repository (GitHub ``Ronit-Raj9/Meta_RL_Phase2``, branch
``main``), written from its documented behaviour so that verilab can check that the original's
client works unchanged against ``verilab serve --compat original``. What it sends and what it
reads are the original's:

- built on ``httpx`` with ``base_url`` and a 60 s timeout;
- ``reset(seed, forced_level)`` POSTs ``/reset`` with ``{"seed": ...}`` as JSON and
  ``forced_level`` as a *query parameter*;
- ``step(raw_response, episode_id)`` POSTs ``{"action": {"raw_response", "episode_id"}}``, and
  ``StepResult.truncated`` is the step info's ``timed_out``;
- ``state()`` GETs ``/state`` and falls back to POST when the GET answers 405;
- ``health()`` GETs ``/health``, ``healthz()`` GETs ``/healthz``;
- ``close()`` POSTs ``/close`` ignoring errors, then closes the connection pool;
- HTTP errors raise ``httpx.HTTPStatusError`` (``raise_for_status``).

The original validates replies with pydantic models; these dataclasses check the same field
types (notably ``episode_id: int``), so a server answering in another shape fails here as it
would there. Only ``httpx`` is needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import httpx


def _typed(payload: dict[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    """A required field of a reply, of the type the original's model declares (bools are not ints)."""
    if name not in payload:
        raise ValueError(f"reply lacks field {name!r}")
    value = payload[name]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        raise ValueError(f"field {name!r} must be {kind}, got a bool")
    if not isinstance(value, kinds):
        raise ValueError(f"field {name!r} must be {kind}, got {type(value).__name__}: {value!r}")
    return value


@dataclass(frozen=True)
class DecoderObservation:
    """The original's ``DecoderObservation`` (extra keys such as ``info`` are ignored, as pydantic does)."""

    prompt: str
    syndrome_bits: list[int]
    distance: int
    rounds: int
    p: float
    curriculum_level: str
    episode_id: int
    dem_digest: str

    @classmethod
    def from_json(cls, payload: dict[str, Any]) -> "DecoderObservation":
        bits = _typed(payload, "syndrome_bits", list)
        if not all(isinstance(bit, int) and not isinstance(bit, bool) for bit in bits):
            raise ValueError("field 'syndrome_bits' must be a list of ints")
        return cls(
            prompt=_typed(payload, "prompt", str),
            syndrome_bits=bits,
            distance=_typed(payload, "distance", int),
            rounds=_typed(payload, "rounds", int),
            p=float(_typed(payload, "p", (int, float))),
            curriculum_level=_typed(payload, "curriculum_level", str),
            episode_id=_typed(payload, "episode_id", int),
            dem_digest=_typed(payload, "dem_digest", str),
        )


@dataclass(frozen=True)
class StepResult:
    """The original's ``StepResult``."""

    observation: DecoderObservation
    reward: float
    done: bool
    truncated: bool = False
    info: dict[str, Any] = field(default_factory=dict)


class DecoderClient:
    """HTTP client for a deployed Qubit-Medic server."""

    def __init__(self, base_url: str, *, timeout: float = 60.0) -> None:
        self._client = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout)

    def reset(self, *, seed: Optional[int] = None, forced_level: Optional[str] = None) -> DecoderObservation:
        body = {} if seed is None else {"seed": seed}
        params = {} if forced_level is None else {"forced_level": forced_level}
        response = self._client.post("/reset", json=body, params=params)
        response.raise_for_status()
        payload = response.json()
        return DecoderObservation.from_json(payload.get("observation", payload))

    def step(self, *, raw_response: str, episode_id: int) -> StepResult:
        response = self._client.post("/step", json={"action": {"raw_response": raw_response, "episode_id": episode_id}})
        response.raise_for_status()
        payload = response.json()
        observation = payload.get("observation", payload)
        info = observation.get("info", {}) or {}
        return StepResult(
            observation=DecoderObservation.from_json(observation),
            reward=float(_typed(payload, "reward", (int, float))),
            done=_typed(payload, "done", bool),
            truncated=bool(info.get("timed_out", False)),
            info=info,
        )

    def state(self) -> dict[str, Any]:
        response = self._client.get("/state")
        if response.status_code == 405:
            response = self._client.post("/state")
        response.raise_for_status()
        return response.json()

    def health(self) -> dict[str, Any]:
        response = self._client.get("/health")
        response.raise_for_status()
        return response.json()

    def healthz(self) -> dict[str, Any]:
        response = self._client.get("/healthz")
        response.raise_for_status()
        return response.json()

    def close(self) -> None:
        try:
            self._client.post("/close")
        except httpx.HTTPError:
            pass
        self._client.close()
