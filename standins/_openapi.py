"""Request matching and validation against an OpenAPI 3.0 subset (used by the Zoom stand-in).

:class:`OpenApiSubset` compiles the path templates of a self-contained (``$ref``-free)
OpenAPI 3.0 document, finds the operation for ``(method, path)`` and validates path
parameters, query parameters and JSON bodies with ``jsonschema``.  OpenAPI 3.0 schema
dialect differences are handled by :func:`to_json_schema` (``nullable``) and by a format
checker that only enforces ``date-time``, loosely.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from jsonschema import Draft4Validator, FormatChecker

_HTTP_VERBS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_FORMATS = FormatChecker(formats=())


@_FORMATS.checks("date-time")
def _is_date_time(value: object) -> bool:
    """Zoom accepts ``yyyy-MM-ddTHH:mm:ssZ`` and local times without an offset."""
    return not isinstance(value, str) or bool(_DATE_TIME.match(value))


def to_json_schema(schema: Any) -> Any:
    """Convert an OpenAPI 3.0 schema object into JSON Schema (draft 4 flavour).

    ``nullable: true`` becomes a ``null`` alternative in ``type`` (and ``enum``); the
    OpenAPI-only keywords (``example``, ``extensions``, ...) are left to be ignored.
    """
    if isinstance(schema, list):
        return [to_json_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    converted: dict[str, Any] = {}
    for key, value in schema.items():
        if key in ("properties", "patternProperties", "definitions"):
            converted[key] = {name: to_json_schema(sub) for name, sub in value.items()}
        elif key in ("example", "examples", "extensions", "xml", "externalDocs", "enum"):
            converted[key] = value
        else:
            converted[key] = to_json_schema(value)
    if converted.pop("nullable", False) is True:
        kind = converted.get("type")
        if isinstance(kind, str):
            converted["type"] = [kind, "null"]
        if isinstance(converted.get("enum"), list) and None not in converted["enum"]:
            converted["enum"] = [*converted["enum"], None]
    return converted


def coerce(raw: str, schema: Mapping[str, Any]) -> Any:
    """Turn a query/path string into the schema's type when it parses; else keep it."""
    kind = schema.get("type")
    if kind == "integer" and re.fullmatch(r"-?\d+", raw):
        return int(raw)
    if kind == "number":
        try:
            return float(raw)
        except ValueError:
            return raw
    if kind == "boolean" and raw in ("true", "false"):
        return raw == "true"
    return raw


@dataclass(frozen=True)
class FieldError:
    """One validation failure, shaped like Zoom's ``errors[]`` items."""

    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        """``{"field": ..., "message": ...}`` for the HTTP response."""
        return {"field": self.field, "message": self.message}


@dataclass(frozen=True)
class Operation:
    """One ``(method, path template)`` of the spec, with compiled validators."""

    method: str
    template: str
    operation_id: str
    scopes: tuple[str, ...]
    path_params: dict[str, dict[str, Any]]
    query_params: dict[str, tuple[bool, dict[str, Any]]]
    body_validator: Draft4Validator | None
    responses: dict[str, Draft4Validator | None] = field(repr=False)


@dataclass(frozen=True)
class Match:
    """The operation found for a request and its (coerced) path parameters."""

    operation: Operation
    path_params: dict[str, Any]


def _validator(schema: Any) -> Draft4Validator:
    return Draft4Validator(to_json_schema(schema), format_checker=_FORMATS)


def _json_schema_of(container: Mapping[str, Any]) -> Any:
    """The ``application/json`` schema of a request body or response, if any."""
    return container.get("content", {}).get("application/json", {}).get("schema")


def _operation(method: str, template: str, item: Mapping[str, Any]) -> Operation:
    operation = item[method]
    params = [*item.get("parameters", []), *operation.get("parameters", [])]
    path_params = {p["name"]: p.get("schema", {}) for p in params if p["in"] == "path"}
    query_params = {
        p["name"]: (bool(p.get("required", False)), p.get("schema", {}))
        for p in params
        if p["in"] == "query"
    }
    body_schema = _json_schema_of(operation.get("requestBody", {}))
    scopes: list[str] = []
    for requirement in operation.get("security", []):
        scopes.extend(requirement.get("openapi_oauth", []))
    responses = {
        status: (_validator(schema) if (schema := _json_schema_of(response)) else None)
        for status, response in operation.get("responses", {}).items()
    }
    return Operation(
        method=method.upper(),
        template=template,
        operation_id=str(operation.get("operationId", "")),
        scopes=tuple(scopes),
        path_params=path_params,
        query_params=query_params,
        body_validator=_validator(body_schema) if body_schema is not None else None,
        responses=responses,
    )


def _message(error: Any) -> str:
    text = str(error.message)
    return text if len(text) <= 200 else text[:197] + "..."


class OpenApiSubset:
    """Routes and validators for every operation of a ``$ref``-free OpenAPI 3.0 document."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self._routes: list[tuple[re.Pattern[str], str, dict[str, Operation]]] = []
        for template, item in document["paths"].items():
            pattern = re.compile(
                "^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template)) + "$"
            )
            operations = {
                verb.upper(): _operation(verb, template, item)
                for verb in _HTTP_VERBS
                if verb in item
            }
            self._routes.append((pattern, template, operations))

    def find(self, method: str, path: str) -> Match | str:
        """The matching operation, or a string saying why there is none."""
        for pattern, template, operations in self._routes:
            found = pattern.match(path)
            if found is None:
                continue
            operation = operations.get(method.upper())
            if operation is None:
                allowed = ", ".join(sorted(operations))
                return f"{method} is not defined for {template} (spec allows {allowed})"
            params = {
                name: coerce(unquote(raw), operation.path_params.get(name, {}))
                for name, raw in found.groupdict().items()
            }
            return Match(operation, params)
        return f"no path template in the spec matches {path}"

    def validate(
        self, match: Match, query: Mapping[str, str], body: Any, *, has_body: bool
    ) -> list[FieldError]:
        """Check path params, query params and the JSON body of a matched request."""
        operation = match.operation
        errors: list[FieldError] = []
        for name, value in match.path_params.items():
            schema = operation.path_params.get(name, {})
            errors += [FieldError(name, _message(e)) for e in _validator(schema).iter_errors(value)]
        for name, raw in query.items():
            if name not in operation.query_params:
                errors.append(FieldError(name, "query parameter is not defined in the spec"))
                continue
            schema = operation.query_params[name][1]
            value = coerce(raw, schema)
            errors += [FieldError(name, _message(e)) for e in _validator(schema).iter_errors(value)]
        for name, (required, _schema) in operation.query_params.items():
            if required and name not in query:
                errors.append(FieldError(name, "required query parameter is missing"))
        if has_body:
            if operation.body_validator is None:
                errors.append(FieldError("body", "this operation takes no request body"))
            else:
                for error in operation.body_validator.iter_errors(body):
                    where = ".".join(str(part) for part in error.absolute_path) or "body"
                    errors.append(FieldError(where, _message(error)))
        return errors

    def response_errors(self, match: Match, status: int, body: Any) -> list[str]:
        """Problems of a response against the spec (used by the stand-in's own tests)."""
        operation = match.operation
        if str(status) not in operation.responses:
            return [
                f"status {status} is not documented for {operation.method} {operation.template}"
            ]
        validator = operation.responses[str(status)]
        if validator is None:
            return [] if body is None else [f"status {status} should have no body"]
        return [_message(error) for error in validator.iter_errors(body)]
