"""Copy AWS's service models for Lambda and CloudWatch Logs from botocore into source/core/model/.

The models (Apache-2.0, from botocore's data folder) are the source of every operation's method,
path, members and constraints. Documentation is dropped; nothing else is changed.
Run: python3 scripts/import-aws-models.py [BOTOCORE_DATA_DIR]
"""
import gzip
import json
import os
import sys

import botocore

data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(botocore.__file__), "data")
target = os.path.join(os.path.dirname(__file__), "..", "source", "core", "model")
os.makedirs(target, exist_ok=True)


def strip(value):
    if isinstance(value, dict):
        return {key: strip(item) for key, item in value.items() if key not in ("documentation", "documentationUrl", "deprecatedMessage")}
    if isinstance(value, list):
        return [strip(item) for item in value]
    return value


for service, version in (("lambda", "2015-03-31"), ("logs", "2014-03-28")):
    folder = os.path.join(data, service, version)
    path = os.path.join(folder, "service-2.json")
    model = json.load(gzip.open(path + ".gz") if os.path.exists(path + ".gz") else open(path))
    model = strip(model)
    model["metadata"]["botocoreVersion"] = botocore.__version__
    with open(os.path.join(target, f"{service}-{version}.json"), "w") as out:
        json.dump(model, out, separators=(",", ":"))
        out.write("\n")
    print(service, version, len(model["operations"]), "operations", len(model["shapes"]), "shapes")
