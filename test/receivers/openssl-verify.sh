#!/bin/sh
# Verifies X-Flowcerta-Signature the way a shell user would: HMAC-SHA256 of the raw body (stdin)
# computed by `openssl dgst -sha256 -hmac`, keyed with the secret string as given.
#   FLOWCERTA_WEBHOOK_SECRET=whsec_... openssl-verify.sh 'sha256=<hex>' < body
# Exit status 0 when the signature matches, 1 otherwise.
set -eu
# OpenSSL 3 prints "HMAC-SHA2-256(stdin)= <hex>", 1.1 prints "(stdin)= <hex>": keep the hex.
digest=$(openssl dgst -sha256 -hmac "$FLOWCERTA_WEBHOOK_SECRET" | sed 's/^.*= //')
[ "$1" = "sha256=$digest" ]
