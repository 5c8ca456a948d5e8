"""JSON for lambdeck's Python runtime client, on the C accelerator alone.

`import json` costs ~9 ms (it pulls in re and enum), most of a cold start's overhead;
the `_json` accelerator it wraps loads in under 1 ms. This module drives `_json`
directly with the settings `json.loads` and `json.dumps` use, and falls back to the
json package where `_json` is missing. Like AWS's Python runtime, responses may hold
Decimal values, which are written as numbers.
"""
try:
    import _json
except ImportError:  # pragma: no cover - every CPython ships _json
    _json = None


class _Decoding:
    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}.__getitem__
    memo = {}


_WHITESPACE = " \t\n\r"


def _default(value):
    if type(value).__name__ == "Decimal":
        return float(value) if value % 1 else int(value)
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


if _json is not None and hasattr(_json, "make_scanner") and hasattr(_json, "make_encoder"):
    _scan = _json.make_scanner(_Decoding())

    def loads(text):
        """Parse a JSON document (str or UTF-8 bytes) as json.loads does; raise ValueError where it is not JSON."""
        if isinstance(text, (bytes, bytearray)):
            text = text.decode("utf-8")
        start = len(text) - len(text.lstrip(_WHITESPACE))
        try:
            value, end = _scan(text, start)
        except StopIteration as error:
            raise ValueError(f"Expecting value: char {error.value}") from None
        finally:
            _Decoding.memo.clear()
        rest = text[end:].lstrip(_WHITESPACE)
        if rest:
            raise ValueError(f"Extra data: char {len(text) - len(rest)}")
        return value

    def dumps(value, ensure_ascii=True):
        """Serialise as json.dumps(value) does by default, writing Decimal as a number."""
        encode = _json.make_encoder({}, _default, _json.encode_basestring_ascii if ensure_ascii else _json.encode_basestring, None, ": ", ", ", False, False, True)
        return "".join(encode(value, 0))

else:  # pragma: no cover
    import json as _fallback

    def loads(text):
        return _fallback.loads(text)

    def dumps(value, ensure_ascii=True):
        return _fallback.dumps(value, default=_default, ensure_ascii=ensure_ascii)
