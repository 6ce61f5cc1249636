"""botocore's own query-protocol serializer and parser, as an independent reference for the
server's query codec (test/server/query.test.ts).

Reads one JSON array of jobs on stdin and writes one JSON array of results on stdout:
  {"kind": "serialize", "service": "sqs"|"sns", "operation": ..., "params": {...}}
      -> {"body": "Action=...&..."}  (botocore's QuerySerializer; blobs given as base64 text)
  {"kind": "parse", "service": ..., "operation": ..., "status": 200, "body": "<xml>"}
      -> {"parsed": {...}}           (botocore's QueryParser; bytes as {"$b64": ...},
                                      timestamps as {"$ms": epoch milliseconds})
  any failure -> {"error": "..."}
SQS is read with the query-era model Debian's AWS CLI ships (today's botocore model is JSON);
SNS with botocore's own model.
"""
import base64
import datetime
import json
import os
import sys

DEBIAN_SQS = '/usr/lib/python3/dist-packages/awscli/botocore/data/sqs/2012-11-05/service-2.json'


def load_models():
    import botocore.loaders
    import botocore.model

    models = {}
    if os.path.exists(DEBIAN_SQS):
        with open(DEBIAN_SQS) as f:
            models['sqs'] = botocore.model.ServiceModel(json.load(f), service_name='sqs')
    loader = botocore.loaders.Loader()
    models['sns'] = botocore.model.ServiceModel(loader.load_service_model('sns', 'service-2'), service_name='sns')
    return models


def blobs_to_bytes(shape, value):
    """Blobs arrive as base64 text (JSON has no bytes)."""
    if value is None:
        return None
    t = shape.type_name
    if t == 'structure':
        return {k: blobs_to_bytes(shape.members[k], v) for k, v in value.items() if k in shape.members}
    if t == 'list':
        return [blobs_to_bytes(shape.member, v) for v in value]
    if t == 'map':
        return {k: blobs_to_bytes(shape.value, v) for k, v in value.items()}
    if t == 'blob':
        return base64.b64decode(value)
    return value


def to_json(value):
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return {'$b64': base64.b64encode(bytes(value)).decode('ascii')}
    if isinstance(value, datetime.datetime):
        return {'$ms': round(value.timestamp() * 1000)}
    return value


def run(job, models):
    from botocore.parsers import QueryParser
    from botocore.serialize import QuerySerializer
    from urllib.parse import urlencode

    model = models.get(job['service'])
    if model is None:
        return {'error': f"no model for {job['service']}"}
    op = model.operation_model(job['operation'])
    if job['kind'] == 'serialize':
        params = blobs_to_bytes(op.input_shape, job['params']) if op.input_shape else {}
        request = QuerySerializer().serialize_to_request(params, op)
        body = request['body']
        if isinstance(body, dict):
            body = urlencode(body)
        return {'body': body}
    if job['kind'] == 'parse':
        response = {'status_code': job['status'], 'headers': {}, 'body': job['body'].encode('utf-8')}
        parsed = QueryParser().parse(response, op.output_shape)
        return {'parsed': to_json(parsed)}
    return {'error': f"unknown job kind {job['kind']}"}


def main():
    try:
        models = load_models()
    except Exception as e:  # botocore missing: the test says so and skips
        print(json.dumps([{'error': f'botocore unavailable: {e}'}]))
        return
    jobs = json.load(sys.stdin)
    out = []
    for job in jobs:
        try:
            out.append(run(job, models))
        except Exception as e:
            out.append({'error': f'{type(e).__name__}: {e}'})
    print(json.dumps(out))


if __name__ == '__main__':
    main()
