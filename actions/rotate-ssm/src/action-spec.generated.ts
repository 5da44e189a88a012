// Generated from action.yml by scripts/action-spec.mjs (npm run build). Do not edit.
import type { ActionSpec } from '@keyturn/core';

export const ACTION_SPEC: ActionSpec = {
  "name": "rotate-ssm",
  "description": "Generate (or take) a secret and store it as the new current version in AWS SSM Parameter Store or Infisical, with labels, max age and rollback.",
  "inputs": [
    {
      "name": "name",
      "description": "The SSM parameter name (/prod/api/token), the Infisical secret key (API_TOKEN) or the Secrets Manager secret name (prod/api/token).",
      "required": true
    },
    {
      "name": "store",
      "description": "Where the secret lives: ssm, infisical or secrets-manager (AWS Secrets Manager, staging labels AWSCURRENT / AWSPREVIOUS).",
      "default": "ssm",
      "required": false
    },
    {
      "name": "generate",
      "description": "How to make the new value when value is not given: hex:N, base64:N, base64url:N, alnum:N, password:N, uuid, fernet, rsa:2048|3072|4096 or ed25519. Empty means hex:32.",
      "default": "",
      "required": false
    },
    {
      "name": "value",
      "description": "Store this value instead of generating one. Masked at once.",
      "default": "",
      "required": false
    },
    {
      "name": "max-age",
      "description": "Skip (rotated=false, nothing written) when the current version is younger than this (90d, 24h). Empty rotates every time.",
      "default": "",
      "required": false
    },
    {
      "name": "rollback",
      "description": "true to make the previous version current again (SSM and Infisical write it as a new version; Secrets Manager moves AWSCURRENT back to it). Takes no value, generate or max-age.",
      "default": "false",
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
      "description": "SSM: Standard (4 KB values), Advanced (8 KB) or Intelligent-Tiering. Empty keeps the parameter's tier (Standard when new).",
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
      "description": "SSM and Secrets Manager: the AWS region. Empty uses AWS_REGION, as aws-actions/configure-aws-credentials sets it. AWS_ENDPOINT_URL_SSM and AWS_ENDPOINT_URL_SECRETS_MANAGER are honoured.",
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
      "name": "dry-run",
      "description": "true to read, validate and print the plan without writing anything.",
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
      "name": "rotated",
      "description": "true when a new version was written (rotation or rollback); false when skipped by max-age or in a dry run."
    },
    {
      "name": "version",
      "description": "The current version after the run."
    },
    {
      "name": "previous-version",
      "description": "The version that was current before the run ('' when the secret was created)."
    },
    {
      "name": "value",
      "description": "The new current value (masked in logs). Pass it on only to steps that need it."
    },
    {
      "name": "public-key",
      "description": "The public key (PEM) when generate made a key pair (rsa, ed25519)."
    },
    {
      "name": "age-days",
      "description": "Age in whole days of the version that was current before the run ('' when there was none)."
    }
  ]
};
