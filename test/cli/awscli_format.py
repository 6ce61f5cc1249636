"""The AWS CLI's own text and table formatters, as an oracle for test/cli/formats.test.ts.

Reads one JSON request per line, {"operation": ..., "format": "text"|"table", "data": ...},
and answers each with one JSON line, {"out": <what the AWS CLI prints>}. The formatters are
awscli v1's (the same code as v2's for these two formats); tables at the CLI's default width
of 80 columns for output that is not a terminal.
"""
import io
import json
import sys
from argparse import Namespace

import awscli.table
from awscli import text
from awscli.formatter import TableFormatter

awscli.table.determine_terminal_width = lambda default_width=80: 80


def render(operation, fmt, data):
    out = io.StringIO()
    if fmt == "text":
        text.format_text(data, out)
    else:
        TableFormatter(Namespace(query=None, color="off"))._format_response(operation, data, out)
    return out.getvalue()


for line in sys.stdin:
    request = json.loads(line)
    sys.stdout.write(json.dumps({"out": render(request["operation"], request["format"], request["data"])}) + "\n")
    sys.stdout.flush()
