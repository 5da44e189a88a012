// Generated from action.yml by scripts/action-spec.mjs (npm run build). Do not edit.
import type { ActionSpec } from '@keyturn/core';

export const ACTION_SPEC: ActionSpec = {
  "name": "propagate",
  "description": "Push one secret value to GitHub repository, environment, organization and Dependabot secrets, Heroku config vars and Fly.io app secrets.",
  "inputs": [
    {
      "name": "value",
      "description": "The value to push. Masked at once. Give this or source.",
      "default": "",
      "required": false
    },
    {
      "name": "source",
      "description": "Read the value from a store instead of value: ssm:/path/NAME, infisical:NAME or secrets-manager:NAME (with the store inputs).",
      "default": "",
      "required": false
    },
    {
      "name": "targets",
      "description": "One destination per line: github:OWNER/REPO/NAME, github:OWNER/REPO@ENV/NAME, github-org:ORG/NAME[?visibility=all|private|selected&repos=a,b], dependabot:OWNER/REPO/NAME, dependabot-org:ORG/NAME, heroku:APP/NAME, fly:APP/NAME. Blank lines and # comments are ignored.",
      "required": true
    },
    {
      "name": "github-token",
      "description": "A token that may write secrets at every github / dependabot target (a fine-grained PAT with Secrets read and write, or an app token). Masked at once.",
      "default": "",
      "required": false
    },
    {
      "name": "github-api-url",
      "description": "GitHub's REST API URL (GitHub Enterprise Server is https://HOST/api/v3). Empty uses the runner's GITHUB_API_URL.",
      "default": "",
      "required": false
    },
    {
      "name": "heroku-api-key",
      "description": "A Heroku API key that may change the apps' config vars. Masked at once.",
      "default": "",
      "required": false
    },
    {
      "name": "heroku-api-url",
      "description": "Heroku's Platform API URL.",
      "default": "https://api.heroku.com",
      "required": false
    },
    {
      "name": "fly-api-token",
      "description": "A Fly.io token that may set the apps' secrets (fly tokens create deploy -a APP, or an org token). Masked at once. Secrets are staged; run fly secrets deploy to roll the machines.",
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
      "name": "concurrency",
      "description": "Targets worked on at once (1 to 20). GitHub writes are also paced to stay under GitHub's secondary rate limit.",
      "default": "4",
      "required": false
    },
    {
      "name": "fail-fast",
      "description": "true to start no further target after the first failure (those left are reported as skipped).",
      "default": "false",
      "required": false
    },
    {
      "name": "aws-region",
      "description": "AWS region, for source: ssm:… or secrets-manager:… (default: the runner's AWS_REGION). AWS_ENDPOINT_URL_SSM and AWS_ENDPOINT_URL_SECRETS_MANAGER are honoured.",
      "default": "",
      "required": false
    },
    {
      "name": "infisical-url",
      "description": "Infisical URL, for source: infisical:…",
      "default": "https://app.infisical.com",
      "required": false
    },
    {
      "name": "infisical-project-id",
      "description": "Infisical project id, for source: infisical:…",
      "default": "",
      "required": false
    },
    {
      "name": "infisical-environment",
      "description": "Infisical environment slug (dev, staging, prod), for source: infisical:…",
      "default": "",
      "required": false
    },
    {
      "name": "infisical-path",
      "description": "Infisical folder path, for source: infisical:…",
      "default": "/",
      "required": false
    },
    {
      "name": "infisical-client-id",
      "description": "Infisical universal-auth client id.",
      "default": "",
      "required": false
    },
    {
      "name": "infisical-client-secret",
      "description": "Infisical universal-auth client secret. Masked at once.",
      "default": "",
      "required": false
    },
    {
      "name": "infisical-token",
      "description": "An Infisical access token, instead of universal auth. Masked at once.",
      "default": "",
      "required": false
    },
    {
      "name": "dry-run",
      "description": "true to read keys and check access for every target, print the plan, and change nothing.",
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
      "name": "updated",
      "description": "How many targets were updated."
    },
    {
      "name": "failed",
      "description": "How many targets failed (the step fails when this is not 0)."
    },
    {
      "name": "report",
      "description": "JSON array, one row per target: {\"target\", \"outcome\" (updated, unchanged-in-dry-run, failed, skipped), \"reason\"}. Never holds a value."
    }
  ]
};
