// Generated from action.yml by scripts/action-spec.mjs (npm run build). Do not edit.
import type { ActionSpec } from '@keyturn/core';

export const ACTION_SPEC: ActionSpec = {
  "name": "audit-image",
  "description": "Pull-request check that finds secrets anywhere in a container image: every layer's files (including ones deleted by a later layer), build history and build args, image config, annotations and attestations. No Docker daemon needed when given an archive.",
  "inputs": [
    {
      "name": "archive",
      "description": "Path to a `docker save` tar or an OCI image layout tar (plain, gzip or zstd). Required unless `image` is given.",
      "default": "",
      "required": false
    },
    {
      "name": "image",
      "description": "A local image reference; the action runs `docker save` itself (needs a Docker daemon, as on GitHub-hosted runners).",
      "default": "",
      "required": false
    },
    {
      "name": "fail-on",
      "description": "Fail the step when a finding at or above this severity is not allowlisted (low, medium, high).",
      "default": "medium",
      "required": false
    },
    {
      "name": "allowlist",
      "description": "File of finding fingerprints and path globs to ignore, one per line (`#` starts a comment).",
      "default": "",
      "required": false
    },
    {
      "name": "rules",
      "description": "A gitleaks TOML config (or keyturn rules in the same format) whose rules are added to the built-in ones; `[extend] useDefault = false` replaces them.",
      "default": "",
      "required": false
    },
    {
      "name": "count-third-party",
      "description": "Let third-party findings fail the check at their rule's severity: secrets in files a package manager installed and that still match its records (dpkg and distroless md5sums, apk's installed database, rpm's rpmdb.sqlite, Python RECORD, node_modules packages), and published example values. By default they are listed apart at low and never fail it.",
      "default": "false",
      "required": false
    },
    {
      "name": "sarif",
      "description": "Where to write the SARIF 2.1.0 report.",
      "default": "image-audit.sarif",
      "required": false
    },
    {
      "name": "max-size",
      "description": "Largest total of uncompressed bytes read (all layers), e.g. 20GiB; guards against decompression bombs.",
      "default": "32GiB",
      "required": false
    },
    {
      "name": "max-entries",
      "description": "Largest number of files read across all layers.",
      "default": "5000000",
      "required": false
    },
    {
      "name": "max-ratio",
      "description": "Largest uncompressed/compressed ratio of a layer larger than 64 MiB uncompressed.",
      "default": "200",
      "required": false
    },
    {
      "name": "dry-run",
      "description": "Accepted for symmetry with the other keyturn actions; the audit only reads, so it changes nothing.",
      "default": "false",
      "required": false
    },
    {
      "name": "audit-log",
      "description": "JSON Lines audit file to append the `image.audit.completed` event to.",
      "default": "keyturn-audit.jsonl",
      "required": false
    }
  ],
  "outputs": [
    {
      "name": "findings",
      "description": "Number of findings that are not allowlisted."
    },
    {
      "name": "sarif-file",
      "description": "Path of the SARIF report written."
    }
  ]
};
