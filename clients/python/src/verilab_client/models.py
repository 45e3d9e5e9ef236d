"""Typed actions and observations, as the server's ``GET /schema`` declares them.

Actions forbid unknown keys, as the server does (a misspelt field fails here, before a round
trip). Observations accept keys they do not declare, so a client keeps working against a newer
server that adds a field; ``model_extra`` holds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Generic, List, Optional, TypeVar, Union

from pydantic import BaseModel, ConfigDict, Field


class Action(BaseModel):
    """OpenEnv's base action: every action carries optional ``metadata``."""

    model_config = ConfigDict(extra="forbid")

    metadata: Dict[str, Any] = Field(default_factory=dict)


class Observation(BaseModel):
    model_config = ConfigDict(extra="allow")


class QubitMedicAction(Action):
    """An answer to one syndrome: the completion text, or the two lists pre-parsed."""

    raw_response: str = ""
    parsed_x_errors: Optional[List[int]] = None
    parsed_z_errors: Optional[List[int]] = None
    #: The token reset returned; the HTTP client fills it in, a WebSocket session remembers it.
    episode_id: Union[str, int, None] = None


class QubitMedicObservation(Observation):
    prompt: str
    syndrome_bits: List[int]
    distance: int
    rounds: int
    p: float
    curriculum_level: str
    episode_id: Union[str, int, None] = None
    dem_digest: Optional[str] = None
    #: After a step: ``rewards`` (the five components and ``total``), the parsed answer, the truth.
    info: Dict[str, Any] = Field(default_factory=dict)


class PhysixAction(Action):
    """One turn: equations of motion, values for their free names, and an optional rationale."""

    equation: str = Field(default="", max_length=2000)
    params: Dict[str, float] = Field(default_factory=dict)
    rationale: str = Field(default="", max_length=500)
    episode_id: Union[str, int, None] = None


class PhysixObservation(Observation):
    system_id: str
    tier: str
    state_variables: List[str]
    hint: str
    trajectory: List[Dict[str, float]]
    stats: Dict[str, float]
    noise: Dict[str, Any]
    history: List[Dict[str, Any]]
    mismatch_summary: str
    turn: int
    turn_remaining: int
    max_turns: int
    reward_profile: str
    fit: bool
    reward_breakdown: Optional[Dict[str, Any]] = None
    converged: bool
    episode_id: Union[str, int, None] = None


ObservationT = TypeVar("ObservationT", bound=Observation)


@dataclass
class StepResult(Generic[ObservationT]):
    """What ``reset`` and ``step`` return, as OpenEnv's ``StepResult``."""

    observation: ObservationT
    reward: Optional[float]
    done: bool
