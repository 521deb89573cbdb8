import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/**
 * A minimal OpenID provider for tests: it publishes a JWKS over HTTP on loopback and mints
 * access tokens for officials with the given roles. The service under test fetches the JWKS
 * exactly as it would from a real IdP.
 */
export class TestIdentityProvider {
  private constructor(
    private readonly server: Server,
    private readonly privateKey: CryptoKey,
    readonly issuer: string,
    readonly audience: string,
  ) {}

  static async start(audience: string): Promise<TestIdentityProvider> {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key-1', alg: 'ES256', use: 'sig' };
    const server = createServer((request, response) => {
      if (request.url === '/jwks') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return new TestIdentityProvider(server, privateKey, `http://127.0.0.1:${port}`, audience);
  }

  get jwksUrl(): string {
    return `${this.issuer}/jwks`;
  }

  token(subject: string, roles: readonly string[], overrides: { audience?: string; issuer?: string; expiresIn?: string; alg?: string } = {}): Promise<string> {
    return new SignJWT({ roles: [...roles] })
      .setProtectedHeader({ alg: overrides.alg ?? 'ES256', kid: 'test-key-1', typ: 'at+jwt' })
      .setSubject(subject)
      .setIssuer(overrides.issuer ?? this.issuer)
      .setAudience(overrides.audience ?? this.audience)
      .setIssuedAt()
      .setExpirationTime(overrides.expiresIn ?? '10m')
      .sign(this.privateKey);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
