"""lambdeck's runtime client for python3.* functions.

It speaks the Lambda Runtime API over AWS_LAMBDA_RUNTIME_API with a small HTTP/1.1
client on a plain socket (http.client costs ~20 ms of import time and logging ~9 ms,
more than the interpreter's own start: logging is set up only once the function
imports it), imports the handler the way AWS's Python runtime does,
and reports errors in Lambda's shape: errorMessage, errorType, requestId, stackTrace.
"""
import _socket
import importlib
import io
import os
import sys
import time

import lambda_json as json

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
HOST, PORT = API.rsplit(":", 1)
TASK_ROOT = os.environ.get("LAMBDA_TASK_ROOT", ".")
# Inside lambdeck's sandbox the Runtime API is a Unix socket only this environment sees.
SOCKET = os.environ.get("_LAMBDECK_RUNTIME_API_SOCKET")


class Telemetry:
    """Log frames on _LAMBDA_TELEMETRY_LOG_FD, as AWS's runtime writes them: a 16-byte header
    (type, length, timestamp in microseconds) and the message, each written at once with
    os.write so that nothing is left buffered here when a reply is posted. `written` counts
    the bytes; every request to the Runtime API carries it so that lambdeck can wait for them."""

    RECORD = 0xA55A0003
    STDOUT = 0xA55A0100
    STDERR = 0xA55A0200

    def __init__(self, fd):
        self.fd = fd
        self.written = 0
        self.streams = []

    def frame(self, kind, data):
        header = kind.to_bytes(4, "big") + len(data).to_bytes(4, "big") + (time.time_ns() // 1000).to_bytes(8, "big")
        self._write(header + data if len(data) < 65536 else header)
        if len(data) >= 65536:
            self._write(data)

    def _write(self, data):
        view = memoryview(data)
        while view:
            written = os.write(self.fd, view)
            self.written += written
            view = view[written:]

    def record(self, text):
        for stream in self.streams:
            stream.flush()
        self.frame(Telemetry.RECORD, text.encode("utf-8", "backslashreplace"))


class FrameStream(io.TextIOBase):
    """sys.stdout or sys.stderr as frames: text is gathered until a newline (or 64 KB) and then
    sent as raw output, which lambdeck cuts into lines as it would a pipe."""

    def __init__(self, telemetry, kind, fileno):
        super().__init__()
        self._telemetry = telemetry
        self._kind = kind
        self._fileno = fileno
        self._pending = []
        self._size = 0
        self.buffer = _FrameBuffer(self)

    @property
    def encoding(self):
        return "utf-8"

    @property
    def errors(self):
        return "backslashreplace"

    def writable(self):
        return True

    line_buffering = True
    write_through = True

    def isatty(self):
        return False

    def reconfigure(self, **options):
        pass

    def fileno(self):
        return self._fileno

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._pending.append(text)
        self._size += len(text)
        if "\n" in text or self._size >= 65536:
            self.flush()
        return len(text)

    def write_bytes(self, data):
        self.flush()
        self._telemetry.frame(self._kind, bytes(data))
        return len(data)

    def flush(self):
        if self._pending:
            text = "".join(self._pending)
            self._pending = []
            self._size = 0
            self._telemetry.frame(self._kind, text.encode("utf-8", "backslashreplace"))


class _FrameBuffer:
    def __init__(self, stream):
        self._stream = stream

    def write(self, data):
        return self._stream.write_bytes(data)

    def flush(self):
        self._stream.flush()


def install_telemetry():
    fd = os.environ.pop("_LAMBDA_TELEMETRY_LOG_FD", None)
    if not fd or not fd.isdigit():
        return None
    telemetry = Telemetry(int(fd))
    os.set_inheritable(telemetry.fd, False)
    sys.stdout.flush()
    sys.stderr.flush()
    sys.stdout = FrameStream(telemetry, Telemetry.STDOUT, 1)
    sys.stderr = FrameStream(telemetry, Telemetry.STDERR, 2)
    telemetry.streams = [sys.stdout, sys.stderr]
    return telemetry


TELEMETRY = install_telemetry()


def log_record(text):
    """Write one log event that may span lines, as Lambda's logging handler does."""
    if TELEMETRY:
        TELEMETRY.record(text)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()


class RuntimeApi:
    def __init__(self):
        self.sock = None
        self.buffer = b""

    def _connect(self):
        if SOCKET:
            self.sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
            self.sock.connect(SOCKET)
            return
        self.sock = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
        self.sock.connect((HOST, int(PORT)))
        self.sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("Runtime API closed the connection")
        self.buffer += chunk

    @staticmethod
    def request(method, path, body=b"", headers=None):
        """One request's bytes; Lambdeck-Log-Bytes is the count of log bytes written by now."""
        head = f"{method} /2018-06-01/runtime{path} HTTP/1.1\r\nHost: {API}\r\nContent-Length: {len(body)}\r\nLambdeck-Log-Bytes: {TELEMETRY.written if TELEMETRY else 0}\r\n"
        for key, value in (headers or {}).items():
            head += f"{key}: {value}\r\n"
        return head.encode("latin-1") + b"\r\n" + body

    def send(self, *requests):
        """Send requests in one write (a reply and the next /next are pipelined) and return their responses, in order."""
        if self.sock is None:
            self._connect()
        self.sock.sendall(b"".join(requests))
        return [self._response() for _ in requests]

    def call(self, method, path, body=b"", headers=None):
        return self.send(self.request(method, path, body, headers))[0]

    def _response(self):
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        head_lines = head.decode("latin-1").split("\r\n")
        status = int(head_lines[0].split()[1])
        response_headers = {}
        for line in head_lines[1:]:
            key, _, value = line.partition(":")
            response_headers[key.strip().lower()] = value.strip()
        length = int(response_headers.get("content-length", "0"))
        while len(self.buffer) < length:
            self._fill()
        response_body, self.buffer = self.buffer[:length], self.buffer[length:]
        return status, response_headers, response_body


class FaultException(Exception):
    def __init__(self, error_type, message, trace=None):
        super().__init__(message)
        self.error_type = error_type
        self.msg = message
        self.trace = trace


class LambdaContext:
    def __init__(self, request_id, deadline_ms, invoked_arn, client_context, identity):
        self.aws_request_id = request_id
        self.invoked_function_arn = invoked_arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.client_context = _Object(client_context) if client_context else None
        self.identity = _Object(identity) if identity else None
        self.tenant_id = None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(int(self._deadline_ms - time.time() * 1000), 0)

    def log(self, message):
        sys.stdout.write(str(message))
        sys.stdout.flush()

    def __repr__(self):
        return f"LambdaContext([aws_request_id={self.aws_request_id},function_name={self.function_name}])"


class _Object:
    def __init__(self, values):
        for key, value in values.items():
            setattr(self, key, _Object(value) if isinstance(value, dict) else value)
        self.custom = values.get("custom") or values.get("Custom")


class LoggingSetup:
    """Give the root logger Lambda's handler and format as soon as the function imports logging."""

    request_id = None

    def find_spec(self, name, path=None, target=None):
        if name != "logging":
            return None
        sys.meta_path.remove(self)
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec(name, path)
        if spec is None:
            return None
        run_module = spec.loader.exec_module

        def exec_module(module):
            run_module(module)
            self.install(module)

        spec.loader.exec_module = exec_module
        return spec

    @staticmethod
    def install(logging):
        class RequestIdFilter(logging.Filter):
            def filter(self, record):
                record.aws_request_id = LoggingSetup.request_id
                return True

        handler = logging.StreamHandler(_RecordStream() if TELEMETRY else sys.stdout)
        if JSON_FORMAT:
            formatter = _json_formatter(logging)()
        else:
            formatter = logging.Formatter("[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S")
        formatter.converter = time.gmtime
        if LOG_LEVEL in logging._nameToLevel:
            logging.getLogger().setLevel(LOG_LEVEL)
        handler.setFormatter(formatter)
        handler.addFilter(RequestIdFilter())
        handler.terminator = ""
        logging.getLogger().addHandler(handler)


JSON_FORMAT = (os.environ.get("AWS_LAMBDA_LOG_FORMAT") or "").upper() == "JSON"
# AWS's runtime maps TRACE to DEBUG, which logging knows.
LOG_LEVEL = {"TRACE": "DEBUG"}.get((os.environ.get("AWS_LAMBDA_LOG_LEVEL") or "").upper(), (os.environ.get("AWS_LAMBDA_LOG_LEVEL") or "").upper())
_RESERVED_FIELDS = {
    "name", "msg", "args", "levelname", "levelno", "pathname", "filename", "module", "exc_info", "exc_text", "stack_info",
    "lineno", "funcName", "created", "msecs", "relativeCreated", "thread", "threadName", "processName", "process",
    "aws_request_id", "tenant_id", "_frame_type",
}


def _json_formatter(logging):
    """The JsonFormatter of AWS's Python runtime: one JSON object per record, with the record's extra fields."""
    import traceback
    from datetime import datetime, timezone

    class JsonFormatter(logging.Formatter):
        def formatTime(self, record, datefmt=None):
            return datetime.fromtimestamp(record.created, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"

        def format(self, record):
            record.levelno = min(50, max(0, record.levelno)) // 10 * 10
            record.levelname = logging.getLevelName(record.levelno)
            exc_info = record.exc_info
            result = {
                "timestamp": self.formatTime(record),
                "level": record.levelname,
                "message": record.getMessage(),
                "logger": record.name,
                "stackTrace": traceback.format_tb(exc_info[2]) if exc_info else None,
                "errorType": exc_info[0].__name__ if exc_info else None,
                "errorMessage": str(exc_info[1]) if exc_info else None,
                "requestId": getattr(record, "aws_request_id", None),
                "location": f"{record.pathname}:{record.funcName}:{record.lineno}" if exc_info else None,
            }
            result.update((key, value) for key, value in record.__dict__.items() if key not in _RESERVED_FIELDS and key not in result)
            return json.dumps({key: value for key, value in result.items() if value is not None}, ensure_ascii=False) + "\n"

    return JsonFormatter


class _RecordStream:
    """What the root logger's handler writes to: each formatted record is one event."""

    def write(self, text):
        TELEMETRY.record(text)

    def flush(self):
        pass


def stack_trace(tb):
    """The frames of a traceback below this runtime client's own, as Lambda reports them."""
    # traceback pulls in linecache and tokenize: import it only when an error needs it.
    import traceback

    frames = traceback.extract_tb(tb)
    while frames and os.path.abspath(frames[0].filename) == os.path.abspath(__file__):
        frames.pop(0)
    return traceback.format_list(frames)


def error_log_text(payload):
    """An unhandled error as Lambda logs it: one event, the traceback indented with no-break spaces, no trailing newline; with the JSON format, the error's payload with a timestamp and level."""
    if JSON_FORMAT:
        record = {"timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()), "level": "ERROR", **payload}
        return json.dumps(record)
    lines = [f"[ERROR] {payload['errorType']}: {payload['errorMessage']}", "Traceback (most recent call last):"]
    for element in payload.get("stackTrace") or []:
        for line in element.splitlines():
            stripped = line.lstrip(" ")
            lines.append("\u00a0" * (len(line) - len(stripped)) + stripped)
    return "\n".join(lines)


def load_handler(handler):
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as error:
        raise FaultException("Runtime.MalformedHandlerName", f"Bad handler '{handler}': {error}")
    modname = modname.replace("/", ".")
    if modname in sys.builtin_module_names:
        raise FaultException("Runtime.BuiltInModuleConflict", f"Cannot use built-in module {modname} as a handler module")
    try:
        module = importlib.import_module(modname)
    except ImportError as error:
        # Lambda's runtime client reports a failed import without a trace.
        raise FaultException("Runtime.ImportModuleError", f"Unable to import module '{modname}': {error}")
    except SyntaxError as error:
        raise FaultException("Runtime.UserCodeSyntaxError", f"Syntax error in module '{modname}': {error}", stack_trace(sys.exc_info()[2]))
    except Exception as error:
        raise FaultException(type(error).__name__, str(error), stack_trace(sys.exc_info()[2]))
    function = getattr(module, fname, None)
    if function is None:
        raise FaultException("Runtime.HandlerNotFound", f"Handler '{fname}' missing on module '{modname}'")
    return function


def error_payload(error, request_id=None):
    if isinstance(error, FaultException):
        payload = {"errorMessage": error.msg, "errorType": error.error_type}
        trace = error.trace or []
    else:
        payload = {"errorMessage": str(error), "errorType": type(error).__name__}
        trace = stack_trace(error.__traceback__)
    if request_id is not None:
        payload["requestId"] = request_id
    payload["stackTrace"] = trace
    return payload


def main():
    sys.path.insert(0, TASK_ROOT)
    if "logging" in sys.modules:
        LoggingSetup.install(sys.modules["logging"])
    else:
        sys.meta_path.insert(0, LoggingSetup())
    api = RuntimeApi()
    try:
        handler = load_handler(os.environ.get("_HANDLER", ""))
    except FaultException as error:
        # An init error has no invocation yet: Lambda sends an empty requestId.
        payload = error_payload(error, "")
        sys.stdout.flush()
        log_record(error_log_text(payload))
        api.call("POST", "/init/error", json.dumps(payload).encode("utf-8"), {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": error.error_type})
        sys.exit(1)

    # Each reply goes out with the request for the next event, in one write.
    status, headers, body = api.call("GET", "/invocation/next")
    while True:
        request_id = headers.get("lambda-runtime-aws-request-id")
        LoggingSetup.request_id = request_id
        if headers.get("lambda-runtime-trace-id"):
            os.environ["_X_AMZN_TRACE_ID"] = headers["lambda-runtime-trace-id"]
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        client_context = json.loads(headers["lambda-runtime-client-context"]) if headers.get("lambda-runtime-client-context") else None
        identity = json.loads(headers["lambda-runtime-cognito-identity"]) if headers.get("lambda-runtime-cognito-identity") else None
        context = LambdaContext(request_id, int(headers.get("lambda-runtime-deadline-ms", "0")), headers.get("lambda-runtime-invoked-function-arn"), client_context, identity)
        try:
            try:
                event = json.loads(body) if body else None
            except ValueError as error:
                raise FaultException("Runtime.UnmarshalError", f"Unable to unmarshal input: {error}")
            result = handler(event, context)
            try:
                response = json.dumps(result).encode("utf-8")
            except (TypeError, ValueError) as error:
                raise FaultException("Runtime.MarshalError", f"Unable to marshal response: {error}")
        except Exception as error:
            payload = error_payload(error, request_id)
            sys.stdout.flush()
            sys.stderr.flush()
            log_record(error_log_text(payload))
            reply = api.request("POST", f"/invocation/{request_id}/error", json.dumps(payload).encode("utf-8"), {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": payload["errorType"]})
        else:
            sys.stdout.flush()
            sys.stderr.flush()
            reply = api.request("POST", f"/invocation/{request_id}/response", response, {"Content-Type": "application/json"})
        _, (status, headers, body) = api.send(reply, api.request("GET", "/invocation/next"))


if __name__ == "__main__":
    try:
        main()
    except (ConnectionError, OSError):
        # The Runtime API went away: lambdeck stopped this environment or exited itself.
        sys.exit(1)
