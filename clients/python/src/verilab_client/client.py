"""Clients shaped like OpenEnv's ``EnvClient``: ``reset(**kw)`` and ``step(action)`` return a
``StepResult`` with ``.observation``, ``.reward`` and ``.done``.

Two transports (docs/wire-contract.md):

- ``"websocket"`` (OpenEnv's default): one ``/ws`` connection is one session; the server keeps
  the episode.
- ``"http"``: ``POST /reset`` and ``POST /step``. The server keeps nothing; the episode travels
  sealed in ``observation.episode_id`` and each step must quote the latest one, which these
  clients do for you. Nothing stays open between calls, so it suits many short-lived clients.

``EnvClient`` is async; ``.sync()`` gives the blocking ``SyncEnvClient`` with the same methods.
"""

from __future__ import annotations

import asyncio
import json
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any, Dict, Generic, Mapping, Optional, Type, TypeVar, Union

import httpx
import requests
from websockets.asyncio.client import ClientConnection as AsyncConnection
from websockets.asyncio.client import connect as connect_async
from websockets.sync.client import ClientConnection as SyncConnection
from websockets.sync.client import connect as connect_sync

from .models import Action, Observation, StepResult

ActionT = TypeVar("ActionT", bound=Action)
ObservationT = TypeVar("ObservationT", bound=Observation)

TRANSPORTS = ("websocket", "http")


class EnvError(RuntimeError):
    """The server refused a request. ``status`` is the HTTP status (None over the WebSocket),
    ``code`` the WebSocket error code (None over HTTP), ``detail`` the server's reason."""

    def __init__(self, where: str, detail: Any, status: Optional[int] = None, code: Optional[str] = None) -> None:
        super().__init__(f"{where} failed{f' with {status}' if status else ''}{f' ({code})' if code else ''}: {detail}")
        self.status = status
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class EnvSpec(Generic[ActionT, ObservationT]):
    """Where an environment lives on the server and its wire models."""

    path: str
    action_model: Type[ActionT]
    observation_model: Type[ObservationT]


class _Codec(Generic[ActionT, ObservationT]):
    """What both clients share: URLs, action payloads, result parsing, the HTTP episode token."""

    def __init__(self, spec: EnvSpec[ActionT, ObservationT], base_url: str, transport: str, timeout: float) -> None:
        if transport not in TRANSPORTS:
            raise ValueError(f"transport must be one of {', '.join(TRANSPORTS)}, not {transport!r}")
        self.spec = spec
        self.base_url = base_url.rstrip("/")
        self.transport = transport
        self.timeout = timeout
        self.episode_id: Union[str, int, None] = None

    @property
    def http_url(self) -> str:
        return self.base_url + self.spec.path

    @property
    def ws_url(self) -> str:
        scheme, rest = self.http_url.split("://", 1)
        return ("wss" if scheme == "https" else "ws") + "://" + rest + "/ws"

    def _action_payload(self, action: Union[ActionT, Mapping[str, Any]]) -> Dict[str, Any]:
        model = action if isinstance(action, self.spec.action_model) else self.spec.action_model.model_validate(action)
        payload = model.model_dump(exclude_none=True)
        if self.transport == "http" and "episode_id" not in payload:
            if self.episode_id is None:
                raise ValueError("step before reset: no episode to step")
            payload["episode_id"] = self.episode_id
        return payload

    def _parse_result(self, payload: Mapping[str, Any]) -> StepResult[ObservationT]:
        observation = self.spec.observation_model.model_validate(payload["observation"])
        self.episode_id = getattr(observation, "episode_id", None)
        reward = payload.get("reward")
        return StepResult(observation, None if reward is None else float(reward), bool(payload.get("done", False)))

    def _http_reply(self, where: str, status: int, text: str) -> Any:
        body = _json_or_text(text)
        if status >= 400:
            raise EnvError(where, body.get("detail", body) if isinstance(body, dict) else body, status=status)
        return body

    def _ws_reply(self, where: str, text: Union[str, bytes]) -> Dict[str, Any]:
        message = json.loads(text)
        if message.get("type") == "error":
            data = message.get("data", {})
            # VALIDATION_ERROR's message is just "Invalid message"; its errors name the field.
            detail = f"{data.get('message')}: {data['errors']}" if "errors" in data else data.get("message")
            raise EnvError(where, detail, code=data.get("code"))
        return message["data"]


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


class SyncEnvClient(_Codec[ActionT, ObservationT]):
    """The blocking client; ``with`` connects (WebSocket) and closes."""

    def __init__(self, spec: EnvSpec[ActionT, ObservationT], base_url: str = "http://127.0.0.1:8000", transport: str = "websocket", timeout: float = 60.0) -> None:
        super().__init__(spec, base_url, transport, timeout)
        self._session = requests.Session()
        self._socket: Optional[SyncConnection] = None
        self._socket_scope = ExitStack()

    def __enter__(self) -> "SyncEnvClient[ActionT, ObservationT]":
        return self.connect()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def connect(self) -> "SyncEnvClient[ActionT, ObservationT]":
        if self.transport == "websocket" and self._socket is None:
            # Entered as a context manager: websockets deprecates connections used without one.
            self._socket = self._socket_scope.enter_context(connect_sync(self.ws_url, open_timeout=self.timeout, max_size=100 * 2**20))
        return self

    def close(self) -> None:
        if self._socket is not None:
            try:
                self._socket.send(json.dumps({"type": "close"}))
            finally:
                self._socket_scope.close()
                self._socket = None
        self._session.close()

    def _ws(self, message: Dict[str, Any]) -> Dict[str, Any]:
        socket = self.connect()._socket
        assert socket is not None
        socket.send(json.dumps(message))
        return self._ws_reply(message["type"], socket.recv(timeout=self.timeout))

    def _post(self, route: str, body: Dict[str, Any]) -> Any:
        response = self._session.post(self.http_url + route, json=body, timeout=self.timeout)
        return self._http_reply(route, response.status_code, response.text)

    def reset(self, **options: Any) -> StepResult[ObservationT]:
        """Starts an episode; ``options`` are the environment's reset options (seed, level, ...)."""
        if self.transport == "websocket":
            return self._parse_result(self._ws({"type": "reset", "data": options}))
        return self._parse_result(self._post("/reset", options))

    def step(self, action: Union[ActionT, Mapping[str, Any]]) -> StepResult[ObservationT]:
        payload = self._action_payload(action)
        if self.transport == "websocket":
            return self._parse_result(self._ws({"type": "step", "data": payload}))
        return self._parse_result(self._post("/step", {"action": payload}))

    def state(self) -> Dict[str, Any]:
        if self.transport == "websocket":
            return self._ws({"type": "state"})
        response = self._session.get(self.http_url + "/state", timeout=self.timeout)
        return self._http_reply("/state", response.status_code, response.text)


class EnvClient(_Codec[ActionT, ObservationT]):
    """The async client, as OpenEnv's: ``async with`` connects (WebSocket) and closes."""

    def __init__(self, spec: EnvSpec[ActionT, ObservationT], base_url: str = "http://127.0.0.1:8000", transport: str = "websocket", timeout: float = 60.0) -> None:
        super().__init__(spec, base_url, transport, timeout)
        self._http: Optional[httpx.AsyncClient] = None
        self._socket: Optional[AsyncConnection] = None

    def sync(self) -> SyncEnvClient[ActionT, ObservationT]:
        """A blocking client for the same server, environment and transport."""
        return SyncEnvClient(self.spec, self.base_url, self.transport, self.timeout)

    async def __aenter__(self) -> "EnvClient[ActionT, ObservationT]":
        return await self.connect()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def connect(self) -> "EnvClient[ActionT, ObservationT]":
        if self.transport == "websocket" and self._socket is None:
            self._socket = await connect_async(self.ws_url, open_timeout=self.timeout, max_size=100 * 2**20)
        if self.transport == "http" and self._http is None:
            self._http = httpx.AsyncClient(timeout=self.timeout)
        return self

    async def close(self) -> None:
        if self._socket is not None:
            try:
                await self._socket.send(json.dumps({"type": "close"}))
            finally:
                await self._socket.close()
                self._socket = None
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    async def _ws(self, message: Dict[str, Any]) -> Dict[str, Any]:
        socket = (await self.connect())._socket
        assert socket is not None
        await socket.send(json.dumps(message))
        return self._ws_reply(message["type"], await asyncio.wait_for(socket.recv(), self.timeout))

    async def _post(self, route: str, body: Dict[str, Any]) -> Any:
        http = (await self.connect())._http
        assert http is not None
        response = await http.post(self.http_url + route, json=body)
        return self._http_reply(route, response.status_code, response.text)

    async def reset(self, **options: Any) -> StepResult[ObservationT]:
        """Starts an episode; ``options`` are the environment's reset options (seed, level, ...)."""
        if self.transport == "websocket":
            return self._parse_result(await self._ws({"type": "reset", "data": options}))
        return self._parse_result(await self._post("/reset", options))

    async def step(self, action: Union[ActionT, Mapping[str, Any]]) -> StepResult[ObservationT]:
        payload = self._action_payload(action)
        if self.transport == "websocket":
            return self._parse_result(await self._ws({"type": "step", "data": payload}))
        return self._parse_result(await self._post("/step", {"action": payload}))

    async def state(self) -> Dict[str, Any]:
        if self.transport == "websocket":
            return await self._ws({"type": "state"})
        http = (await self.connect())._http
        assert http is not None
        response = await http.get(self.http_url + "/state")
        return self._http_reply("/state", response.status_code, response.text)
