// Generated from action.yml by scripts/action-spec.mjs (npm run build). Do not edit.
import type { ActionSpec } from '@keyturn/core';

export const ACTION_SPEC: ActionSpec = {
  "name": "rotate-pat",
  "description": "The GitHub token runbook in one step. Validate a new token a person created, store it, push it to every consumer, revoke the old one and prove it gets 401.",
  "inputs": [
    {
      "name": "new-token",
      "description": "The new token (ghp_, github_pat_, gho_, ghu_). Required unless check-only. Masked at once.",
      "default": "",
      "required": false
    },
    {
      "name": "old-token",
      "description": "The token it replaces. Its login is the default expected-login; revoke-old revokes it. Masked at once.",
      "default": "",
      "required": false
    },
    {
      "name": "expected-login",
      "description": "The account new-token must belong to. Empty means old-token's account.",
      "default": "",
      "required": false
    },
    {
      "name": "min-days-left",
      "description": "Refuse a token (or, with check-only, fail) that expires in fewer days than this.",
      "default": "7",
      "required": false
    },
    {
      "name": "required-repos",
      "description": "Repositories (OWNER/REPO, one per line) new-token must be able to read.",
      "default": "",
      "required": false
    },
    {
      "name": "name",
      "description": "Store new-token under this name (SSM parameter name, Infisical key or Secrets Manager secret name). Empty stores nothing, and then no store input may be set.",
      "default": "",
      "required": false
    },
    {
      "name": "store",
      "description": "Where name lives: ssm, infisical or secrets-manager (AWS Secrets Manager, staging labels AWSCURRENT / AWSPREVIOUS).",
      "default": "ssm",
      "required": false
    },
    {
      "name": "kms-key-id",
      "description": "SSM and Secrets Manager: the KMS key (key id, key ARN or alias/NAME). Empty uses the AWS managed key. Secrets Manager applies it when it creates the secret.",
      "default": "",
      "required": false
    },
    {
      "name": "tier",
      "description": "SSM: Standard, Advanced or Intelligent-Tiering. Empty keeps the parameter's tier.",
      "default": "",
      "required": false
    },
    {
      "name": "description",
      "description": "SSM: the parameter's description; Secrets Manager: the description of a secret it creates.",
      "default": "",
      "required": false
    },
    {
      "name": "aws-region",
      "description": "SSM and Secrets Manager: the AWS region. Empty uses AWS_REGION. AWS_ENDPOINT_URL_SSM and AWS_ENDPOINT_URL_SECRETS_MANAGER are honoured.",
      "default": "",
      "required": false
    },
    {
      "name": "infisical-url",
      "description": "Infisical: the instance URL, for self-hosted instances.",
      "default": "https://app.infisical.com",
      "required": false
    },
    {
      "name": "infisical-project-id",
      "description": "Infisical: the project id (required with store: infisical).",
      "default": "",
      "required": false
    },
    {
      "name": "infisical-environment",
      "description": "Infisical: the environment slug, such as prod (required with store: infisical).",
      "default": "",
      "required": false
    },
    {
      "name": "infisical-path",
      "description": "Infisical: the folder the secret is in.",
      "default": "/",
      "required": false
    },
    {
      "name": "infisical-client-id",
      "description": "Infisical: universal-auth client id of a machine identity.",
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
      "name": "targets",
      "description": "Where to push new-token, one per line: github:OWNER/REPO/NAME, github:OWNER/REPO@ENV/NAME, github-org:ORG/NAME, dependabot:OWNER/REPO/NAME, dependabot-org:ORG/NAME, heroku:APP/NAME, fly:APP/NAME.",
      "default": "",
      "required": false
    },
    {
      "name": "github-token",
      "description": "A token that may write the GitHub secrets in targets (not the workflow GITHUB_TOKEN). Masked at once.",
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
      "description": "Heroku API base URL.",
      "default": "https://api.heroku.com",
      "required": false
    },
    {
      "name": "fly-api-token",
      "description": "Fly.io token, for fly targets (secrets are staged; run fly secrets deploy to roll the machines). Masked at once.",
      "default": "",
      "required": false
    },
    {
      "name": "fly-api-url",
      "description": "Fly.io Machines API URL.",
      "default": "https://api.machines.dev",
      "required": false
    },
    {
      "name": "concurrency",
      "description": "Targets written at once (1 to 20).",
      "default": "4",
      "required": false
    },
    {
      "name": "revoke-old",
      "description": "true to revoke old-token once new-token is validated, stored and propagated, then wait for it to get 401.",
      "default": "false",
      "required": false
    },
    {
      "name": "revoke-within",
      "description": "How long to wait for GitHub to refuse old-token after the revocation (90s, 10m). Past it the step fails; the revocation may still complete.",
      "default": "10m",
      "required": false
    },
    {
      "name": "check-only",
      "description": "true to only report token's login, kind and expiry, failing when fewer than min-days-left days remain.",
      "default": "false",
      "required": false
    },
    {
      "name": "token",
      "description": "The token check-only looks at. Masked at once.",
      "default": "",
      "required": false
    },
    {
      "name": "github-api-url",
      "description": "GitHub API base URL (GHES https://HOST/api/v3). Empty uses the runner's GITHUB_API_URL.",
      "default": "",
      "required": false
    },
    {
      "name": "dry-run",
      "description": "true to validate the token and check the store and every target without writing, revoking or polling.",
      "default": "false",
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
      "name": "login",
      "description": "The account the token belongs to."
    },
    {
      "name": "token-type",
      "description": "classic, fine-grained, app, oauth (or unknown), from the token's prefix."
    },
    {
      "name": "expires-at",
      "description": "When the token expires (ISO 8601), '' when it does not."
    },
    {
      "name": "days-left",
      "description": "Whole days until it expires, '' when it does not."
    },
    {
      "name": "scopes",
      "description": "A classic token's scopes, comma-separated ('' for other kinds)."
    },
    {
      "name": "revoked",
      "description": "true when old-token was revoked and GitHub answered 401 to it."
    }
  ]
};
