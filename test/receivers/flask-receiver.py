"""
The Python receiver from spec/webhooks.txt, run as a real process by the webhook tests with
Debian's python3-flask (/usr/bin/python3).

The block between the SPEC markers is the spec's code exactly as published. Around it only the
scaffolding a user would add: a Flask app whose route calls the spec's function (401 when it says
no, 200 otherwise), the port, and a record of what was accepted so the tests can count.

Environment: FLOWCERTA_WEBHOOK_SECRET (as in the spec), PORT (0 = any free port), RECEIVER_LOG
(file that gets one line `<X-Flowcerta-Delivery> <X-Flowcerta-Event>` per 200).
Prints `listening <port>` on stdout once it accepts connections.
"""

# ---- SPEC: spec/webhooks.txt, "Verify the signature", Python ----
import hmac, hashlib, os
from flask import request

def verify_flowcerta_webhook(req):
    signature = req.headers.get('X-Flowcerta-Signature', '')
    expected = 'sha256=' + hmac.new(
        os.environ['FLOWCERTA_WEBHOOK_SECRET'].encode('utf-8'),
        req.get_data(),
        hashlib.sha256,
    ).hexdigest()
    return hmac.compare_digest(signature, expected)
# ---- end SPEC ----

import sys
import threading

from flask import Flask
from werkzeug.serving import make_server

app = Flask(__name__)
receiver_log = os.environ.get('RECEIVER_LOG')
log_lock = threading.Lock()


@app.post('/flowcerta-webhook')
def flowcerta_webhook():
    if not verify_flowcerta_webhook(request):
        return '', 401
    if receiver_log:
        line = '%s %s\n' % (
            request.headers.get('X-Flowcerta-Delivery', ''),
            request.headers.get('X-Flowcerta-Event', ''),
        )
        with log_lock, open(receiver_log, 'a') as log:
            log.write(line)
    return '', 200


if __name__ == '__main__':
    # make_server rather than app.run: it binds before we print the port (PORT=0 picks a free one).
    server = make_server('127.0.0.1', int(os.environ.get('PORT', '0')), app, threaded=True)
    sys.stdout.write('listening %d\n' % server.port)
    sys.stdout.flush()
    server.serve_forever()
