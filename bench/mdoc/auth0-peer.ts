/**
 * The @auth0/mdl side of `npm run bench:mdoc`, in its own process: @auth0/mdl registers global
 * cbor-x tag extensions (24, 0, 1004) that would change how every other cbor-x user in the same
 * process decodes, so it must not share a module instance with Citizen Zero.
 *
 * Input (JSON on argv[2]): claims file, issuer key/certificate, device key, and the DeviceResponse
 * to verify. Output: one JSON line with its measurements.
 */
import { readFileSync } from 'node:fs';
import { measure } from './measure';

interface PeerInput {
  claimsFile: string;
  issuerPrivateJwk: JsonWebKey;
  issuerCertificatePem: string;
  devicePublicJwk: JsonWebKey;
  iacaPem: string;
  deviceResponseFile: string;
  sessionTranscriptFile: string;
  roundMs: number;
}

async function run(): Promise<void> {
  const auth0 = require('@auth0/mdl') as typeof import('@auth0/mdl');
  const input = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as PeerInput;
  const claims = JSON.parse(readFileSync(input.claimsFile, 'utf8')) as Record<string, Record<string, unknown>>;
  const [namespace, elements] = Object.entries(claims)[0]!;
  const values = { ...elements, portrait: Buffer.from(String(elements['portrait']), 'base64') };

  const issue = async (): Promise<Uint8Array> => {
    const now = new Date();
    const document = await new auth0.Document('org.iso.18013.5.1.mDL')
      .addIssuerNameSpace(namespace, values)
      .useDigestAlgorithm('SHA-256')
      .addValidityInfo({ signed: now, validFrom: now, validUntil: new Date(now.getTime() + 365 * 86_400_000) })
      .addDeviceKeyInfo({ deviceKey: input.devicePublicJwk as never })
      .sign({ issuerPrivateKey: input.issuerPrivateJwk as never, issuerCertificate: input.issuerCertificatePem, alg: 'ES256' });
    return new auth0.MDoc([document]).encode();
  };
  const issuance = await measure(issue, { roundMs: input.roundMs });

  const response = readFileSync(input.deviceResponseFile);
  const transcript = readFileSync(input.sessionTranscriptFile);
  const verifier = new auth0.Verifier([input.iacaPem]);
  await verifier.verify(response, { encodedSessionTranscript: transcript });
  const verification = await measure(() => verifier.verify(response, { encodedSessionTranscript: transcript }), { roundMs: input.roundMs });

  process.stdout.write(`${JSON.stringify({ issuance, verification, version: (require('@auth0/mdl/package.json') as { version: string }).version })}\n`);
}

run().catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exitCode = 1;
});
