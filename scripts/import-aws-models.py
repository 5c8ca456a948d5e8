"""Copy AWS's service models for Lambda, CloudWatch Logs and SQS (JSON, and the query-era model) from botocore into source/core/model/.

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


# SQS's query-protocol model (what AWS CLI 2.9 speaks) names every member's form key (Attribute.1.Name, ...);
# it ships inside the CLI v2 package on Debian and Ubuntu, or pass its data folder as the second argument.
query_data = sys.argv[2] if len(sys.argv) > 2 else "/usr/lib/python3/dist-packages/awscli/botocore/data"
models = [("lambda", "2015-03-31", data, ""), ("logs", "2014-03-28", data, ""), ("sqs", "2012-11-05", data, "")]
if os.path.exists(os.path.join(query_data, "sqs", "2012-11-05", "service-2.json")):
    models.append(("sqs", "2012-11-05", query_data, "-query"))

for service, version, root, suffix in models:
    folder = os.path.join(root, service, version)
    path = os.path.join(folder, "service-2.json")
    model = json.load(gzip.open(path + ".gz") if os.path.exists(path + ".gz") else open(path))
    model = strip(model)
    if not suffix:
        model["metadata"]["botocoreVersion"] = botocore.__version__
    with open(os.path.join(target, f"{service}{suffix}-{version}.json"), "w") as out:
        json.dump(model, out, separators=(",", ":"))
        out.write("\n")
    print(service, version, len(model["operations"]), "operations", len(model["shapes"]), "shapes")


def closure(model, names):
    """The operations named and every shape they reach, so a large model (S3's) brings only what lambdeck serves."""
    shapes = {}

    def visit(name):
        if name in shapes:
            return
        shape = model["shapes"][name]
        shapes[name] = shape
        for reference in list((shape.get("members") or {}).values()) + [shape.get(key) for key in ("member", "key", "value") if shape.get(key)]:
            visit(reference["shape"])

    operations = {name: model["operations"][name] for name in names}
    for operation in operations.values():
        for part in ("input", "output"):
            if part in operation:
                visit(operation[part]["shape"])
        for error in operation.get("errors", []):
            visit(error["shape"])
    return {**model, "operations": operations, "shapes": dict(sorted(shapes.items()))}


# S3: only the bucket operations lambdeck serves (buckets as local folders, their notifications, objects written into them).
s3_operations = ["CreateBucket", "DeleteBucket", "ListBuckets", "HeadBucket", "PutBucketNotificationConfiguration", "GetBucketNotificationConfiguration", "PutObject", "DeleteObject"]
s3_path = os.path.join(data, "s3", "2006-03-01", "service-2.json")
s3 = closure(strip(json.load(gzip.open(s3_path + ".gz") if os.path.exists(s3_path + ".gz") else open(s3_path))), s3_operations)
s3["metadata"]["botocoreVersion"] = botocore.__version__
with open(os.path.join(target, "s3-2006-03-01.json"), "w") as out:
    json.dump(s3, out, separators=(",", ":"))
    out.write("\n")
print("s3", "2006-03-01", len(s3["operations"]), "operations", len(s3["shapes"]), "shapes")
