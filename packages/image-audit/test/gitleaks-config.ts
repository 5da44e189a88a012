/** A config as repositories write them for gitleaks (TOML, Go RE2 regexes). */
export const GITLEAKS_TOML = `
title = "acme gitleaks config"

[extend]
useDefault = true

[[rules]]
id = "acme-internal-token"
description = "Acme internal API token"
regex = '''(?i)\\b(acme_[a-z0-9]{32})\\b'''
secretGroup = 1
keywords = ["acme_"]
severity = "high"

[[rules]]
id = "acme-deploy-key"
description = "Deploy key in a properties file"
regex = '''deploy\\.key\\s*=\\s*(?P<key>[[:alnum:]]{24,})'''
keywords = ["deploy.key"]
path = '''\\.properties$'''
entropy = 3.0
  [[rules.allowlists]]
  stopwords = ["notreal"]

[[rules]]
id = "acme-vault-file"
description = "A Vault token file, whatever it holds"
path = '''(^|/)\\.vault-token$'''

[allowlist]
paths = ['''(^|/)testdata/''']
`;
