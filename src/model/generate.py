#!/usr/bin/env python3
"""Trim the AWS service models into the data awsmsg's command line is built from.

Run with `npm run gen:models` on a machine that has botocore and awscli (this one does).
The output (src/model/data/<service>.json) is committed, so nothing at build or run time
needs Python. It keeps what the program needs: operations, shapes with their types,
required members, enums, min/max and patterns, paginators, waiters, and the exact argument
table the AWS CLI builds for each operation (names after the CLI's renames, which are
hidden, list/boolean handling). No documentation text is kept.

For the wire protocols (awsmsg serve) it also keeps what a parser and serializer need: the
protocol, JSON version, target prefix and XML namespace, member locationNames, flattened
lists and maps, and error codes with their HTTP statuses. SQS moved from the query protocol
to JSON in late 2023 and today's model lost the query names (locationName) and error codes
that query clients still use: those are taken from a query-era model (botocore's SQS model
before 1.31.81, which Debian's awscli package ships), kept as `queryName` so the JSON codec
never mistakes them for JSON member names.
"""
import gzip
import json
import os
import sys

import botocore
from awscli.clidriver import create_clidriver

SERVICES = [("sqs", "2012-11-05"), ("sns", "2010-03-31"), ("kinesis", "2013-12-02")]
SHAPE_KEYS = ["type", "required", "enum", "min", "max", "pattern", "exception", "fault",
              "error", "timestampFormat", "eventstream", "event", "box", "sensitive",
              "flattened", "deprecated", "locationName", "union"]
MEMBER_KEYS = ["shape", "locationName", "flattened", "deprecated", "eventpayload", "xmlNamespace"]
# A query-era model of a service that has moved to JSON: (path candidates, what to take).
QUERY_ERA = {
    "sqs": ["/usr/lib/python3/dist-packages/awscli/botocore/data/sqs/2012-11-05/service-2.json"],
}
# Query names of shapes added after the query-era model above was published (the message
# move tasks, June 2023), as the query-era SDKs that have them name them (aws-sdk v2's model):
# {shape: {"member"|"key"|"value": name}}.
QUERY_ERA_LATER = {
    "sqs": {"ListMessageMoveTasksResultEntryList": {"member": "ListMessageMoveTasksResultEntry"}},
}
# Operations the AWS CLI hides but the AWS API has; awsmsg offers them (the issue asks for
# SubscribeToShard printing events as they arrive).
EXTRA_OPERATIONS = {"kinesis": ["SubscribeToShard"]}

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def trim_shape(shape):
    out = {k: shape[k] for k in SHAPE_KEYS if k in shape}
    if "members" in shape:
        out["members"] = {name: {k: m[k] for k in MEMBER_KEYS if k in m}
                          for name, m in shape["members"].items()}
    for k in ("member", "key", "value"):
        if k in shape:
            out[k] = {kk: shape[k][kk] for kk in MEMBER_KEYS if kk in shape[k]}
    return out


def arg_entry(name, arg):
    entry = {"name": name, "member": getattr(arg, "_serialized_name", None) or arg.py_name,
             "type": arg.cli_type_name}
    if arg.required:
        entry["required"] = True
    if getattr(arg, "_UNDOCUMENTED", False):
        entry["hidden"] = True
    if type(arg).__name__ == "BooleanArgument":
        entry["negative"] = name.startswith("no-")
    return entry


def cli_tables(driver, service, model):
    """The AWS CLI's own argument table for every operation of the service."""
    commands = driver._get_command_table()[service]._get_command_table()
    by_op = {}
    for cli_name, command in commands.items():
        if cli_name == "wait":
            continue
        op_name = command._operation_model.name
        args = []
        for name, arg in command.arg_table.items():
            kind = type(arg).__name__
            if kind in ("CliInputJSONArgument", "GenerateCliSkeletonArgument", "PageArgument"):
                continue  # global to every operation in awsmsg
            args.append(arg_entry(name, arg))
        by_op[op_name] = {"cli": cli_name, "args": args}
    return by_op


def xform(name):
    from botocore import xform_name
    return xform_name(name, "-")


def fallback_args(model, op):
    """Argument table for an operation the AWS CLI hides, built the way the CLI builds it."""
    shape_name = op.get("input", {}).get("shape")
    if not shape_name:
        return []
    shape = model["shapes"][shape_name]
    args = []
    for member, ref in shape.get("members", {}).items():
        target = model["shapes"][ref["shape"]]
        entry = {"name": xform(member), "member": member, "type": target["type"]}
        if member in shape.get("required", []):
            entry["required"] = True
        args.append(entry)
    return args


def load_query_era(service):
    for path in QUERY_ERA.get(service, []):
        if os.path.exists(path):
            with open(path) as fh:
                return json.load(fh)
    if service in QUERY_ERA:
        sys.exit(f"{service}: no query-era model found (install Debian's awscli package): {QUERY_ERA[service]}")
    return None


def overlay_query_names(shapes, old):
    """Copies the query-era locationNames (as queryName) and error codes into today's shapes."""
    for name, old_shape in old["shapes"].items():
        shape = shapes.get(name)
        if shape is None:
            continue
        if "locationName" in old_shape:
            shape["queryName"] = old_shape["locationName"]
        for member, ref in old_shape.get("members", {}).items():
            if "locationName" in ref and member in shape.get("members", {}):
                shape["members"][member]["queryName"] = ref["locationName"]
        for part in ("member", "key", "value"):
            if part in old_shape and "locationName" in old_shape[part] and part in shape:
                shape[part]["queryName"] = old_shape[part]["locationName"]
        if "error" in old_shape and "error" not in shape:
            shape["error"] = old_shape["error"]


def main():
    data = os.path.join(os.path.dirname(botocore.__file__), "data")
    driver = create_clidriver()
    os.makedirs(OUT, exist_ok=True)
    for service, version in SERVICES:
        base = os.path.join(data, service, version)
        with gzip.open(os.path.join(base, "service-2.json.gz")) as fh:
            model = json.load(fh)
        with open(os.path.join(base, "paginators-1.json")) as fh:
            paginators = json.load(fh)["pagination"]
        waiters = {}
        if os.path.exists(os.path.join(base, "waiters-2.json")):
            with open(os.path.join(base, "waiters-2.json")) as fh:
                waiters = json.load(fh)["waiters"]
        tables = cli_tables(driver, service, model)
        operations = {}
        for name, op in model["operations"].items():
            entry = {}
            if name in tables:
                entry["cli"] = tables[name]["cli"]
                entry["args"] = tables[name]["args"]
            elif name in EXTRA_OPERATIONS.get(service, []):
                entry["cli"] = xform(name)
                entry["args"] = fallback_args(model, op)
            else:
                print(f"skipping {service} {name}: not in the AWS CLI", file=sys.stderr)
                continue
            if "input" in op:
                entry["input"] = op["input"]["shape"]
            if "output" in op:
                entry["output"] = op["output"]["shape"]
                if "resultWrapper" in op["output"]:
                    entry["resultWrapper"] = op["output"]["resultWrapper"]
            entry["errors"] = [e["shape"] for e in op.get("errors", [])]
            operations[name] = entry
        meta = model["metadata"]
        shapes = {n: trim_shape(s) for n, s in model["shapes"].items()}
        old = load_query_era(service)
        if old is not None:
            overlay_query_names(shapes, old)
        for shape_name, parts in QUERY_ERA_LATER.get(service, {}).items():
            for part, query_name in parts.items():
                shapes[shape_name][part]["queryName"] = query_name
        wire = {"signingName": meta.get("signingName", meta["endpointPrefix"])}
        for key in ("jsonVersion", "targetPrefix", "xmlNamespace"):
            if key in meta:
                wire[key] = meta[key]
        if old is not None and "xmlNamespace" not in wire:
            wire["xmlNamespace"] = old["metadata"]["xmlNamespace"]
        out = {
            "service": service,
            "apiVersion": meta["apiVersion"],
            "protocol": meta["protocol"],
            "serviceId": meta["serviceId"],
            "serviceFullName": meta["serviceFullName"],
            "endpointPrefix": meta["endpointPrefix"],
            "awsQueryCompatible": "awsQueryCompatible" in meta,
            **wire,
            "operations": operations,
            "shapes": shapes,
            "paginators": paginators,
            "waiters": waiters,
        }
        path = os.path.join(OUT, f"{service}.json")
        with open(path, "w") as fh:
            json.dump(out, fh, indent=1, sort_keys=False)
            fh.write("\n")
        print(f"{path}: {len(operations)} operations, {len(out['shapes'])} shapes")


if __name__ == "__main__":
    main()
