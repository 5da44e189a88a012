// Generated from action.yml by scripts/action-spec.mjs (npm run build). Do not edit.
import type { ActionSpec } from '@keyturn/core';

export const ACTION_SPEC: ActionSpec = {
  "name": "plan",
  "description": "Read the rotation manifest, ask each store for the current version's age (never its value), and output the matrix of the secrets that are due, with the inventory as the job summary.",
  "inputs": [
    {
      "name": "manifest",
      "description": "The rotation manifest (schema docs/rotation.schema.json).",
      "default": ".github/rotation.yml",
      "required": false
    },
    {
      "name": "only",
      "description": "One secret's id: plan only that secret (emergencies). An id not in the manifest is an error naming the nearest one.",
      "default": "",
      "required": false
    },
    {
      "name": "force",
      "description": "true to treat every planned secret as due whatever its age (with only, the emergency rotation of one secret; on-compromise entries too).",
      "default": "false",
      "required": false
    },
    {
      "name": "check-expiry",
      "description": "true for the token-expiry monitor: the matrix lists every entry whose stored credential expires at its source (github-pat), due or not, with decision check-expiry, for rotate check-expiry; nothing is rotated. Not with force.",
      "default": "false",
      "required": false
    },
    {
      "name": "batch-size",
      "description": "Most jobs in one matrix (GitHub allows 256). Due secrets past it go to the matrix-batches output and the summary says so.",
      "default": "256",
      "required": false
    },
    {
      "name": "infisical-client-id",
      "description": "Infisical: universal-auth client id, for entries stored in Infisical.",
      "default": "",
      "required": false
    },
    {
      "name": "infisical-client-secret",
      "description": "Infisical: universal-auth client secret. Masked at once.",
      "default": "",
      "required": false
    },
    {
      "name": "infisical-token",
      "description": "Infisical: an access token, instead of universal auth. Masked at once.",
      "default": "",
      "required": false
    },
    {
      "name": "previous-audit-log",
      "description": "An earlier run's audit log (JSON Lines: the keyturn-audit artifacts, downloaded). Each secret's last finished rotation there says where its value went: report rows list, as removed-targets, the targets the manifest no longer lists (they still hold the value; rotate with prune deletes them). Empty: not checked (keyturn keeps no other record of past targets).",
      "default": "",
      "required": false
    },
    {
      "name": "dry-run",
      "description": "plan never writes; true only marks the summary as a dry run.",
      "default": "false",
      "required": false
    },
    {
      "name": "audit-log",
      "description": "JSON Lines file the plan's audit event is appended to.",
      "default": "keyturn-audit.jsonl",
      "required": false
    }
  ],
  "outputs": [
    {
      "name": "matrix",
      "description": "JSON for strategy.matrix: {\"include\":[{\"secret\":ID,\"store\":KIND,\"decision\":\"due\"|\"unfinished\"|\"forced\"|\"finish-grace\"|\"check-expiry\"}]}, the first batch (at most batch-size jobs, the most overdue first). {\"include\":[]} when nothing is due: gate the job on due != 0."
    },
    {
      "name": "matrix-batches",
      "description": "JSON array of every batch, each shaped like matrix: [{\"include\":[...]},{\"include\":[...]}]. Batch N is fromJSON(...)[N-1]."
    },
    {
      "name": "batches",
      "description": "How many batches matrix-batches holds (0 when nothing is due)."
    },
    {
      "name": "due",
      "description": "How many jobs the matrix batches hold: secrets to rotate (due, unfinished or forced), whose grace window is over (finish-grace), or with check-expiry the entries to check. A github-pat entry that is due is not counted (decision needs-person: a person must create its token)."
    },
    {
      "name": "report",
      "description": "JSON rows, one per secret planned: {\"id\",\"store\",\"name\",\"age-days\",\"version\",\"due-date\",\"grace-until\",\"decision\",\"targets\",\"grace\",\"removed-targets\",\"issuer\",\"reason\"}; decision is due, not-due, on-compromise, unfinished, forced, finish-grace (the grace window the last rotation opened is over: rotate removes its NAME_PREVIOUS companions), in-grace (still open: left alone), needs-person (due, but a person must make the credential: run the emergency workflow with it), check-expiry or unreadable. Never a value."
    }
  ]
};
