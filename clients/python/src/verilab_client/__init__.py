"""Clients for verilab's OpenEnv environments (Qubit-Medic and PhysiX): typed models, sync and
async clients over HTTP or WebSocket, TRL environment classes and GRPO reward functions."""

from .client import EnvClient, EnvError, EnvSpec, SyncEnvClient
from .environments import PHYSIX, QUBIT_MEDIC, PhysiXEnv, QubitMedicEnv, describe_observation, format_answer
from .models import (
    Action,
    Observation,
    PhysixAction,
    PhysixObservation,
    QubitMedicAction,
    QubitMedicObservation,
    StepResult,
)

__all__ = [
    "PHYSIX",
    "QUBIT_MEDIC",
    "Action",
    "EnvClient",
    "EnvError",
    "EnvSpec",
    "Observation",
    "PhysiXEnv",
    "PhysixAction",
    "PhysixObservation",
    "QubitMedicAction",
    "QubitMedicEnv",
    "QubitMedicObservation",
    "StepResult",
    "SyncEnvClient",
    "describe_observation",
    "format_answer",
]
