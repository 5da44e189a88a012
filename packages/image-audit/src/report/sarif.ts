import type { Finding } from '../model/findings';
import type { Severity } from '../scan/rules/types';

/** GitHub code scanning keeps at most this many results per run. */
export const MAX_SARIF_RESULTS = 5000;

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  high: 'error',
  medium: 'warning',
  low: 'note',
};
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { high: '8.0', medium: '5.0', low: '2.0' };

function message(finding: Finding): string {
  const where = finding.layer
    ? `layer ${finding.layer.index ?? '?'} (${finding.layer.digest})`
    : finding.source === 'layer' || finding.source === 'archive'
      ? 'the archive'
      : `the image ${finding.source}`;
  const state =
    finding.state === 'removed'
      ? ` It was removed later (${finding.removedBy ?? 'by a later layer'}) but its bytes are still in the image.`
      : '';
  return `${finding.description} in ${finding.path} in ${where}: ${finding.excerpt}.${state}`;
}

/**
 * SARIF 2.1.0 for GitHub code scanning. Locations are paths inside the image
 * (they do not exist in the repository, which code scanning accepts); the
 * layer is a logical location. `partialFingerprints` carries the stable
 * fingerprint so an alert survives rebuilds. Allowlisted findings are kept
 * as suppressed results, so the record shows who decided what.
 */
export function toSarif(findings: readonly Finding[], toolVersion: string, imageName: string): object {
  const kept = findings.slice(0, MAX_SARIF_RESULTS);
  const ruleIds = [...new Set(kept.map((finding) => finding.ruleId))].sort();
  const rules = ruleIds.map((id) => {
    const sample = kept.find((finding) => finding.ruleId === id);
    const severity = sample?.severity ?? 'medium';
    return {
      id,
      name: id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
      shortDescription: { text: sample?.description ?? id },
      fullDescription: {
        text: `${sample?.description ?? id}. Rotate the credential, then rebuild the image without it (a later layer deleting it does not remove it).`,
      },
      defaultConfiguration: { level: LEVEL[severity] },
      properties: { tags: ['security', 'secret', 'container'], 'security-severity': SECURITY_SEVERITY[severity] },
    };
  });
  const results = kept.map((finding) => ({
    ruleId: finding.ruleId,
    ruleIndex: ruleIds.indexOf(finding.ruleId),
    level: finding.thirdParty ? 'note' : LEVEL[finding.severity],
    message: { text: message(finding) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: finding.path.replace(/^\/+/, ''), uriBaseId: 'IMAGE_ROOT' },
          ...(finding.line === undefined ? {} : { region: { startLine: finding.line } }),
        },
        logicalLocations: finding.layer
          ? [{ name: finding.layer.digest, kind: 'module', fullyQualifiedName: `${imageName}@${finding.layer.digest}` }]
          : [{ name: finding.source, kind: 'object' }],
      },
    ],
    // The same secret's other places (one result per secret).
    ...(finding.locations.length === 0
      ? {}
      : {
          relatedLocations: finding.locations.slice(0, 100).map((location, id) => ({
            id: id + 1,
            physicalLocation: {
              artifactLocation: { uri: location.path.replace(/^\/+/, ''), uriBaseId: 'IMAGE_ROOT' },
              ...(location.line === undefined ? {} : { region: { startLine: location.line } }),
            },
            message: {
              text: `${location.ruleId} in ${location.layer ? `layer ${location.layer.index ?? '?'} (${location.layer.digest})` : `the image ${location.source}`}, ${location.state}${location.suppressed ? ', allowlisted' : ''}: ${location.excerpt}`,
            },
          })),
        }),
    partialFingerprints: { 'keyturnSecret/v1': finding.fingerprint },
    properties: {
      state: finding.state,
      ...(finding.layer?.index === undefined ? {} : { layerIndex: finding.layer.index }),
      ...(finding.removedBy ? { removedBy: finding.removedBy } : {}),
      ...(finding.createdBy ? { createdBy: finding.createdBy.slice(0, 500) } : {}),
      images: finding.refs.slice(0, 20),
      locations: finding.locations.length + 1,
      ...(finding.thirdParty ? { thirdParty: finding.thirdParty } : {}),
    },
    ...(finding.suppressed ? { suppressions: [{ kind: 'external', justification: 'allowlisted' }] } : {}),
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'keyturn-audit-image',
            informationUri: 'https://github.com/keyturn/keyturn',
            semanticVersion: toolVersion,
            rules,
          },
        },
        originalUriBaseIds: { IMAGE_ROOT: { description: { text: `The root file system of ${imageName}` } } },
        automationDetails: { id: `keyturn/audit-image/${imageName}/` },
        results,
        properties: { truncated: findings.length > kept.length, totalFindings: findings.length },
      },
    ],
  };
}
