/**
 * Fake secrets with the shapes of real ones. Built by concatenation so this repository never holds
 * a literal that secret scanners (or push protection) would take for a leaked credential.
 */
const j = (...parts: string[]): string => parts.join('');

export const CANARY = {
  awsKeyId: j('AK', 'IA', 'ZZCANARY7EXAMPLE'),
  awsSecret: j('wJalrXUtnFEMI', '/K7MDENG/bPxRfiCY', 'CANARYKEY1'),
  github: j('gh', 'p_', 'Canary0123456789abcdefABCDEF0123456789'),
  githubPat: j('github', '_pat_', '11CANARY0', 'abcdefghijklmnopqrstuvwxyz0123456789'),
  openai: j('sk', '-proj-', 'Canary1234567890abcdefGHIJKLmnopqrstuv'),
  slack: j('xo', 'xb-', '1234567890-0987654321-CanaryToken42'),
  password: 'hunter2-canary-pw',
  jwt: j('ey', 'JhbGciOiJIUzI1NiJ9', '.', 'ey', 'JzdWIiOiJjYW5hcnkifQ', '.', 'c2lnbmF0dXJlQ2FuYXJ5MTIz'),
  keyBody: [
    'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCanaryKeyLine1',
    'K3f9Hq2Lm8Zx1Pq7Rt5Vw3Yb6Nc9Df2Gh4Jk7Lm0Np3Qr6St9Uv2Wx5Yz8CanaryL2',
    'Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz3Ab4Cd5Ef6Gh7Ij8KCanaryL3==',
  ],
};

export function privateKeyBlock(kind = 'RSA '): string {
  return [
    j('-----BEGIN ', kind, 'PRIVATE', ' KEY-----'),
    ...CANARY.keyBody,
    j('-----END ', kind, 'PRIVATE', ' KEY-----'),
  ].join('\n');
}

/** Every canary value that must never reach a model. */
export function canaryValues(): string[] {
  return [
    CANARY.awsKeyId,
    CANARY.awsSecret,
    CANARY.github,
    CANARY.githubPat,
    CANARY.openai,
    CANARY.slack,
    CANARY.password,
    CANARY.jwt,
    ...CANARY.keyBody,
  ];
}

/** Secret-bearing parts that should not survive even partially (the distinctive tails). */
export function canaryFragments(): string[] {
  return [
    'CANARY7EXAMPLE',
    'CANARYKEY1',
    'Canary0123456789',
    'abcdefghijklmnopqrstuvwxyz0123456789',
    'Canary1234567890',
    'CanaryToken42',
    'hunter2',
    'c2lnbmF0dXJlQ2FuYXJ5MTIz',
    'CanaryKeyLine1',
    'CanaryL2',
    'CanaryL3',
  ];
}
