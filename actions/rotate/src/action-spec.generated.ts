// Generated from action.yml by scripts/action-spec.mjs (npm run build). Do not edit.
import type { ActionSpec } from '@keyturn/core';

export const ACTION_SPEC: ActionSpec = {
  "name": "rotate",
  "description": "Run one rotation manifest entry end to end: issue or generate the new value, store it, push it to every target, verify it, retire the old value, verify the old is refused, audit. Re-runs converge.",
  "inputs": [
    {
      "name": "manifest",
      "description": "The rotation manifest (schema docs/rotation.schema.json).",
      "default": ".github/rotation.yml",
      "required": false
    },
    {
      "name": "secret",
      "description": "The id of the manifest entry to rotate (plan's matrix.secret).",
      "required": true
    },
    {
      "name": "reason",
      "description": "Free text carried by every audit event of this run, such as an incident number.",
      "default": "",
      "required": false
    },
    {
      "name": "force",
      "description": "true to rotate even when the current version is younger than the entry's max-age (and for on-compromise entries).",
      "default": "false",
      "required": false
    },
    {
      "name": "revoke-old",
      "description": "Override the entry's revoke-old: true or false. Empty keeps the manifest's.",
      "default": "",
      "required": false
    },
    {
      "name": "concurrency",
      "description": "Targets written at once (1-20).",
      "default": "4",
      "required": false
    },
    {
      "name": "github-token",
      "description": "A token that may write the entry's GitHub secrets (fine-grained PAT with Secrets read and write, or an app token). Masked at once.",
      "default": "",
      "required": false
    },
    {
      "name": "github-api-url",
      "description": "The GitHub API URL; empty uses the runner's GITHUB_API_URL.",
      "default": "",
      "required": false
    },
    {
      "name": "heroku-api-key",
      "description": "Heroku API key, for heroku targets. Masked at once.",
      "default": "",
      "required": false
    },
    {
      "name": "heroku-api-url",
      "description": "The Heroku API URL.",
      "default": "https://api.heroku.com",
      "required": false
    },
    {
      "name": "fly-api-token",
      "description": "Fly.io API token, for fly targets. Masked at once.",
      "default": "",
      "required": false
    },
    {
      "name": "fly-api-url",
      "description": "Fly.io's Machines API URL.",
      "default": "https://api.machines.dev",
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
      "name": "new-token",
      "description": "github-pat entries: the new token a person created (GitHub has no API to make one). Masked at once. Without it a github-pat rotation is refused before any change: it needs a person.",
      "default": "",
      "required": false
    },
    {
      "name": "postgres-admin-url",
      "description": "postgres entries: an admin connection URL (masked); empty connects as the role with its stored password.",
      "default": "",
      "required": false
    },
    {
      "name": "check-expiry",
      "description": "true to only check when the entry's stored credential expires at its source (github-pat: the token's expiration date against min-days-left), failing within it with the entry id and the date; reads the store and GitHub, changes nothing, needs no target credentials.",
      "default": "false",
      "required": false
    },
    {
      "name": "dry-run",
      "description": "true to read and check everything (store, targets' access, issuer) and print the plan without changing anything.",
      "default": "false",
      "required": false
    },
    {
      "name": "prune",
      "description": "true: delete the targets the entry's last finished rotation wrote (per previous-audit-log) that the manifest no longer lists, after this run's own work; each is listed by plan first. Needs previous-audit-log and the credentials of those targets.",
      "default": "false",
      "required": false
    },
    {
      "name": "previous-audit-log",
      "description": "An earlier run's audit log (JSON Lines), the record of where the value went last time; read by prune.",
      "default": "",
      "required": false
    },
    {
      "name": "audit-log",
      "description": "JSON Lines file the audit events are appended to.",
      "default": "keyturn-audit.jsonl",
      "required": false
    }
  ],
  "outputs": [
    {
      "name": "rotated",
      "description": "true when this run stored a new value or finished an unfinished rotation; false when not due, in a dry run, or when it only closed a grace window."
    },
    {
      "name": "version",
      "description": "The store's current version after the run."
    },
    {
      "name": "previous-version",
      "description": "The version that was current before the rotation ('' when the secret was created)."
    },
    {
      "name": "updated",
      "description": "Targets written by this run."
    },
    {
      "name": "failed",
      "description": "Targets or stages that failed."
    },
    {
      "name": "expires-at",
      "description": "check-expiry: when the stored credential expires (ISO 8601); '' when it does not or without check-expiry."
    },
    {
      "name": "days-left",
      "description": "check-expiry: whole days until it expires; '' when it does not or without check-expiry."
    },
    {
      "name": "report",
      "description": "JSON rows, one per stage and target: {\"stage\":\"prune\"|\"finish-grace\"|\"issue\"|\"store\"|\"companion\"|\"target\"|\"verify-new\"|\"retire\"|\"verify-old\"|\"expiry\"|\"audit\",\"target\"?,\"outcome\":\"done\"|\"already-done\"|\"updated\"|\"unchanged\"|\"skipped\"|\"would-do\"|\"failed\",\"detail\"?}. With grace, \"companion\" rows are the NAME_PREVIOUS writes (the old value, before any target gets the new one) and \"finish-grace\" rows their deletion by a later run. Never a value."
    }
  ]
};
