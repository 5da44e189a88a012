// Generated from action.yml by scripts/action-spec.mjs (npm run build). Do not edit.
import type { ActionSpec } from '@keyturn/core';

export const ACTION_SPEC: ActionSpec = {
  "name": "verify",
  "description": "Prove a credential works (2xx) or is dead (401) with one HTTP check, retried until it holds or a time passes.",
  "inputs": [
    {
      "name": "url",
      "description": "The URL to request. Only its origin and path are ever shown; the query string is not.",
      "required": true
    },
    {
      "name": "method",
      "description": "HTTP method. In a dry run only GET, HEAD and OPTIONS are sent.",
      "default": "GET",
      "required": false
    },
    {
      "name": "token",
      "description": "The credential to present. Masked at once.",
      "default": "",
      "required": false
    },
    {
      "name": "auth",
      "description": "How the credential is sent: bearer (Authorization: Bearer), token (Authorization: token), basic (token is user:password), or header:NAME.",
      "default": "bearer",
      "required": false
    },
    {
      "name": "expect",
      "description": "Statuses that pass: 200, 2xx, 401,403. Redirects are not followed, so a 3xx is an answer too.",
      "default": "2xx",
      "required": false
    },
    {
      "name": "within",
      "description": "Keep trying until the expectation holds or this time has passed (90s, 10m, 1h). 0 tries once.",
      "default": "0",
      "required": false
    },
    {
      "name": "interval",
      "description": "Pause between attempts.",
      "default": "10s",
      "required": false
    },
    {
      "name": "timeout",
      "description": "Time one request may take.",
      "default": "10s",
      "required": false
    },
    {
      "name": "dry-run",
      "description": "true to print the plan; GET, HEAD and OPTIONS checks still run, other methods are not sent.",
      "default": "false",
      "required": false
    },
    {
      "name": "audit-log",
      "description": "JSON Lines file the audit event is appended to.",
      "default": "keyturn-audit.jsonl",
      "required": false
    }
  ],
  "outputs": [
    {
      "name": "status",
      "description": "The last HTTP status seen ('' when no answer came or nothing was sent)."
    },
    {
      "name": "attempts",
      "description": "How many requests were sent."
    }
  ]
};
