"""A Python handler: logs through print and logging, and answers with a greeting."""
import logging
import sys

logger = logging.getLogger()
logger.setLevel(logging.INFO)


def lambda_handler(event, context):
    print("event", event)
    logger.info("request %s", context.aws_request_id)
    name = (event or {}).get("name", "world") if isinstance(event, dict) else "world"
    return {
        "message": f"Hello, {name}, from Python!",
        "python": sys.version.split()[0],
        "remainingMs": context.get_remaining_time_in_millis(),
    }
