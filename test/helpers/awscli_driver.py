"""Runs AWS CLI command lines in one Python process, for the tests that compare with the AWS CLI.

Each line on stdin is a JSON array of arguments (what would follow `aws`); for each, the AWS
CLI's own driver runs them exactly as the `aws` script does (a fresh driver per command), and
one JSON line comes back: {"status": ..., "stdout": ..., "stderr": ...}. Starting Python and
importing awscli takes about a second; doing it once keeps the suite fast.
"""
import io
import json
import logging
import sys

_loaders = {}


def _share_loader():
    """One model loader for all the drivers: it only reads the installed service models and
    caches them, as it does for every client within one `aws` process. A fresh loader per
    command would re-read them each time (most of a command's 0.2 s)."""
    import botocore.session

    create = botocore.session.create_loader

    def shared(search_path_string=None):
        if search_path_string not in _loaders:
            _loaders[search_path_string] = create(search_path_string)
        return _loaders[search_path_string]

    botocore.session.create_loader = shared


def run(args):
    from awscli.clidriver import create_clidriver

    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr
    # --debug adds log handlers to these loggers for the command; they go with it
    loggers = [logging.getLogger(name) for name in ("", "botocore", "awscli", "s3transfer", "urllib3")]
    handlers = [(lg, list(lg.handlers), lg.level) for lg in loggers]
    sys.stdout, sys.stderr = out, err
    try:
        status = create_clidriver().main(args)
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else 1
    finally:
        sys.stdout, sys.stderr = saved
        for lg, kept, level in handlers:
            lg.handlers[:] = kept
            lg.setLevel(level)
    return {"status": status, "stdout": out.getvalue(), "stderr": err.getvalue()}


def main():
    import awscli.clidriver  # noqa: F401  (fail here, before "ready", when awscli is missing)

    sys.argv[0] = "aws"  # usage errors name the program as the `aws` script does

    _share_loader()

    reply = sys.stdout
    reply.write(json.dumps({"ready": True}) + "\n")
    reply.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        result = run(json.loads(line))
        reply.write(json.dumps(result) + "\n")
        reply.flush()


if __name__ == "__main__":
    main()
