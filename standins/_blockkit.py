"""Light Block Kit checks for the Slack stand-in.

These are not a full Block Kit validator: they catch the mistakes that make real Slack
reject a message or view (``invalid_blocks`` / ``invalid_arguments``) and that are easy to
make from code: too many blocks, duplicate ``block_id``, over-long header/section/modal
texts, malformed text objects, input blocks without label/element, modals with inputs but
no submit button.  Each problem carries a JSON pointer, like Slack's
``response_metadata.messages`` (``[ERROR] ... [json-pointer:/view/title/text]``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_BLOCK_ID = 255
MAX_HEADER_TEXT = 150
MAX_SECTION_TEXT = 3000
MAX_SECTION_FIELDS = 10
MAX_SECTION_FIELD_TEXT = 2000
MAX_INPUT_LABEL = 2000
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTIONS_ELEMENTS = 25
MAX_MODAL_TEXT = 24
MAX_CALLBACK_ID = 255
MAX_EXTERNAL_ID = 255
MAX_PRIVATE_METADATA = 3000
VIEW_TYPES = ("modal", "home")


@dataclass(frozen=True)
class Problem:
    """One Block Kit problem at a JSON pointer inside the request arguments."""

    pointer: str
    message: str

    def __str__(self) -> str:
        return f"[ERROR] {self.message} [json-pointer:{self.pointer}]"


def _text_object(
    value: Any, pointer: str, *, max_len: int, plain_only: bool = False
) -> list[Problem]:
    """Check a composition text object (``{"type": "plain_text"|"mrkdwn", "text": ...}``)."""
    if not isinstance(value, dict):
        return [Problem(pointer, "must be a text object")]
    allowed = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
    problems: list[Problem] = []
    if value.get("type") not in allowed:
        problems.append(Problem(f"{pointer}/type", f"must be one of {', '.join(allowed)}"))
    text = value.get("text")
    if not isinstance(text, str) or not text:
        problems.append(Problem(f"{pointer}/text", "must be a non-empty string"))
    elif len(text) > max_len:
        problems.append(Problem(f"{pointer}/text", f"must be less than {max_len + 1} characters"))
    return problems


def _check_block(block: dict[str, Any], pointer: str) -> list[Problem]:
    """Type-specific checks for one block."""
    kind = block["type"]
    problems: list[Problem] = []
    if kind == "header":
        problems += _text_object(
            block.get("text"), f"{pointer}/text", max_len=MAX_HEADER_TEXT, plain_only=True
        )
    elif kind == "section":
        if "text" not in block and "fields" not in block:
            problems.append(Problem(pointer, "must provide text or fields"))
        if "text" in block:
            problems += _text_object(block["text"], f"{pointer}/text", max_len=MAX_SECTION_TEXT)
        fields = block.get("fields")
        if fields is not None:
            if not isinstance(fields, list) or len(fields) > MAX_SECTION_FIELDS:
                problems.append(
                    Problem(f"{pointer}/fields", f"must be a list of at most {MAX_SECTION_FIELDS}")
                )
            else:
                for j, item in enumerate(fields):
                    problems += _text_object(
                        item, f"{pointer}/fields/{j}", max_len=MAX_SECTION_FIELD_TEXT
                    )
    elif kind == "input":
        problems += _text_object(
            block.get("label"), f"{pointer}/label", max_len=MAX_INPUT_LABEL, plain_only=True
        )
        element = block.get("element")
        if not isinstance(element, dict) or not isinstance(element.get("type"), str):
            problems.append(Problem(f"{pointer}/element", "missing required field: element"))
    elif kind in ("context", "actions"):
        limit = MAX_CONTEXT_ELEMENTS if kind == "context" else MAX_ACTIONS_ELEMENTS
        elements = block.get("elements")
        if not isinstance(elements, list) or not elements or len(elements) > limit:
            problems.append(
                Problem(f"{pointer}/elements", f"must be a list of 1 to {limit} elements")
            )
    return problems


def check_blocks(blocks: Any, *, pointer: str, limit: int) -> list[Problem]:
    """Check a ``blocks`` array of a message (limit 50) or view (limit 100)."""
    if not isinstance(blocks, list):
        return [Problem(pointer, "must be an array")]
    problems: list[Problem] = []
    if len(blocks) > limit:
        problems.append(Problem(pointer, f"must be less than {limit + 1} items"))
    seen_ids: set[str] = set()
    for index, block in enumerate(blocks):
        here = f"{pointer}/{index}"
        if not isinstance(block, dict):
            problems.append(Problem(here, "must be an object"))
            continue
        if not isinstance(block.get("type"), str) or not block["type"]:
            problems.append(Problem(here, "missing required field: type"))
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or not 0 < len(block_id) <= MAX_BLOCK_ID:
                problems.append(
                    Problem(f"{here}/block_id", f"must be 1 to {MAX_BLOCK_ID} characters")
                )
            elif block_id in seen_ids:
                problems.append(Problem(f"{here}/block_id", f"duplicate block_id {block_id!r}"))
            else:
                seen_ids.add(block_id)
        problems += _check_block(block, here)
    return problems


def _max_len(view: dict[str, Any], key: str, limit: int, pointer: str) -> list[Problem]:
    value = view.get(key)
    if value is None:
        return []
    if not isinstance(value, str):
        return [Problem(f"{pointer}/{key}", "must be a string")]
    if len(value) > limit:
        return [Problem(f"{pointer}/{key}", f"must be less than {limit + 1} characters")]
    return []


def check_view(
    view: Any, *, pointer: str = "/view", types: tuple[str, ...] = VIEW_TYPES
) -> list[Problem]:
    """Check a view payload (modal or home tab) as Slack's ``views.*`` methods do."""
    if not isinstance(view, dict):
        return [Problem(pointer, "must be an object")]
    problems: list[Problem] = []
    kind = view.get("type")
    if kind not in types:
        problems.append(Problem(f"{pointer}/type", f"must be one of {', '.join(types)}"))
    if "blocks" not in view:
        problems.append(Problem(pointer, "missing required field: blocks"))
    else:
        problems += check_blocks(view["blocks"], pointer=f"{pointer}/blocks", limit=MAX_VIEW_BLOCKS)
    problems += _max_len(view, "callback_id", MAX_CALLBACK_ID, pointer)
    problems += _max_len(view, "external_id", MAX_EXTERNAL_ID, pointer)
    problems += _max_len(view, "private_metadata", MAX_PRIVATE_METADATA, pointer)
    if kind == "modal":
        if "title" not in view:
            problems.append(Problem(pointer, "missing required field: title"))
        for key in ("title", "submit", "close"):
            if key in view:
                problems += _text_object(
                    view[key], f"{pointer}/{key}", max_len=MAX_MODAL_TEXT, plain_only=True
                )
        blocks = view.get("blocks")
        has_inputs = isinstance(blocks, list) and any(
            isinstance(block, dict) and block.get("type") == "input" for block in blocks
        )
        if has_inputs and "submit" not in view:
            problems.append(
                Problem(pointer, "missing required field: submit (modal has input blocks)")
            )
    return problems
