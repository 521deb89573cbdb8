import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { WebSocketConstructorLike } from '@citizen-zero/mdoc';
import { QrScanner } from './camera/qr-scanner';
import type { VerifierConfig } from './config';
import type { OidcSession } from './auth/oidc-session';
import { enrolReader, type ReaderIdentity } from './reader/reader-identity';
import { qrFromImageFile } from './seal/qr-from-file';
import { verifySealOffline } from './seal/seal-verdict-view';
import type { VerifierStore } from './storage/verifier-store';
import { freshnessOf } from './sync/freshness';
import { synchronise, type SyncOutcome, type SyncedStatusList, type SyncedZkIssuerKeys } from './sync/sync';
import type { SyncedTrustList } from './sync/trust-list';
import { FreshnessPanel } from './ui/freshness-panel';
import { SealScreen } from './ui/seal-screen';
import { VerdictScreen } from './ui/verdict-screen';
import { PROFILES, profileById, type ProfileId } from './verify/profiles';
import { runPresentation } from './verify/presentation';
import type { VerdictView } from './verify/verdict';

export interface AppDependencies {
  readonly config: VerifierConfig;
  readonly store: VerifierStore;
  readonly fetch: typeof fetch;
  readonly WebSocket: WebSocketConstructorLike;
  readonly now: () => Date;
  readonly online: () => boolean;
  /** The OpenID Connect session, started only when an official enrols the device (it needs the network). */
  readonly oidc: () => Promise<OidcSession>;
  /** The page was opened on the sign-in callback. */
  readonly callback?: boolean;
  readonly replaceUrl?: (path: string) => void;
}

interface Material {
  readonly trustList?: SyncedTrustList;
  readonly statusLists: readonly SyncedStatusList[];
  readonly zkIssuerKeys?: SyncedZkIssuerKeys;
  readonly reader?: ReaderIdentity;
}

type Tab = 'person' | 'document' | 'device';
const PENDING_DEVICE_NAME = 'cz.verifier.enrol-device-name';

/** A verification summary kept only when configured: never an element value or a portrait. */
interface RetainedVerification {
  readonly at: string;
  readonly kind: string;
  readonly outcome: string;
  readonly failedChecks: readonly string[];
}

export function App(props: AppDependencies) {
  const { config, store } = props;
  const [material, setMaterial] = useState<Material>({ statusLists: [] });
  const [loaded, setLoaded] = useState(false);
  const [tab, setTab] = useState<Tab>(props.callback ? 'device' : 'person');
  const [enrolment, setEnrolment] = useState<{ state?: string; problem?: string }>({});
  const [syncing, setSyncing] = useState(false);
  const [lastSync, setLastSync] = useState<SyncOutcome>();
  const [online, setOnline] = useState(props.online());
  const [now, setNow] = useState(props.now());

  const reload = useCallback(async () => {
    const [trustList, statusLists, zkIssuerKeys, reader] = await Promise.all([store.get<SyncedTrustList>('trust-list'), store.get<SyncedStatusList[]>('status-lists'), store.get<SyncedZkIssuerKeys>('zk-issuer-keys'), store.get<ReaderIdentity>('reader-identity')]);
    setMaterial({ ...(trustList && { trustList }), statusLists: statusLists ?? [], ...(zkIssuerKeys && { zkIssuerKeys }), ...(reader && { reader }) });
    setNow(props.now());
    setLoaded(true);
  }, [store, props]);

  const sync = useCallback(async () => {
    setSyncing(true);
    try {
      setLastSync(await synchronise({ config, store, fetch: props.fetch, now: props.now }));
    } finally {
      await reload();
      setSyncing(false);
    }
  }, [config, store, props.fetch, props.now, reload]);

  useEffect(() => {
    if (!props.callback) return;
    // Back from the provider: redeem the code, have the reader certificate issued, forget the token.
    (async () => {
      try {
        setEnrolment({ state: 'Enrolling this device…' });
        const session = await props.oidc();
        await session.completeSignIn();
        const name = window.sessionStorage.getItem(PENDING_DEVICE_NAME) ?? 'Verifier device';
        window.sessionStorage.removeItem(PENDING_DEVICE_NAME);
        await enrolReader({ store, verificationUrl: config.verificationUrl, accessToken: session.accessToken!, deviceName: name, fetch: props.fetch });
        session.forget();
        await reload();
        setEnrolment({});
      } catch (error) {
        setEnrolment({ problem: (error as Error).message });
      } finally {
        props.replaceUrl?.('/');
      }
    })();
  }, []);

  useEffect(() => {
    void reload().then(() => {
      // Refresh the trust material whenever the app starts with a network; offline, the last sync stands.
      if (props.online() && !props.callback) void sync();
    });
    const update = () => {
      setOnline(props.online());
      setNow(props.now());
    };
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    const clock = window.setInterval(update, 30_000);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
      window.clearInterval(clock);
    };
    // Once, at start.
  }, []);

  const freshness = useMemo(() => freshnessOf(material, config.statusListUrls, config.maxAgeHours, now), [material, config, now]);

  const retain = useCallback(
    async (entry: RetainedVerification) => {
      if (!config.retainVerifications) return;
      const kept = (await store.get<RetainedVerification[]>('retained-verifications')) ?? [];
      await store.put('retained-verifications', [...kept, entry]);
    },
    [config.retainVerifications, store],
  );

  const verifySeal = useCallback(
    async (text: string) => {
      if (!material.trustList) throw new Error('Synchronise once before verifying: the trust list is missing.');
      const view = await verifySealOffline(text, material.trustList, props.now());
      await retain({ at: view.verifiedAt.toISOString(), kind: `seal:${view.documentTitle}`, outcome: view.outcome, failedChecks: view.checks.filter((check) => !check.passed).map((check) => check.code ?? check.label) });
      return view;
    },
    [material.trustList, props, retain],
  );

  if (!loaded) return <p role="status">Opening…</p>;
  return (
    <div className="app">
      <header className="app-header">
        <h1>Citizen Zero verifier</h1>
        <nav aria-label="Screens">
          {(
            [
              ['person', 'Verify a person'],
              ['document', 'Verify a printed document'],
              ['device', 'This device'],
            ] as const
          ).map(([id, label]) => (
            <button key={id} type="button" aria-pressed={tab === id} onClick={() => setTab(id)}>
              {label}
            </button>
          ))}
        </nav>
        <span className={`network ${online ? 'online' : 'offline'}`} data-testid="network">
          {online ? 'Online' : 'Offline'}
        </span>
      </header>
      <main id="main">
        <FreshnessPanel freshness={freshness} maxAgeHours={config.maxAgeHours} now={now} syncing={syncing} online={online} onSync={() => void sync()} compact={tab !== 'device'} />
        {tab === 'person' && <PersonScreen {...props} material={material} retain={retain} />}
        {tab === 'document' && <SealScreen verify={verifySeal} retained={config.retainVerifications} ready={material.trustList !== undefined} />}
        {tab === 'device' && <DeviceScreen {...props} material={material} lastSync={lastSync} enrolment={enrolment} />}
      </main>
    </div>
  );
}

function PersonScreen(props: AppDependencies & { material: Material; retain: (entry: RetainedVerification) => Promise<void> }) {
  const { config, material } = props;
  const [profileId, setProfileId] = useState<ProfileId>('age-over-18');
  const [input, setInput] = useState<'choose' | 'camera'>('choose');
  const [pasted, setPasted] = useState('');
  const [stage, setStage] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [verdict, setVerdict] = useState<VerdictView>();
  const abort = useRef<AbortController | undefined>(undefined);

  const present = useCallback(
    async (text: string) => {
      setInput('choose');
      setProblem(undefined);
      if (!props.online()) {
        // The session needs the relay; without a network the wallet cannot be reached (seals still verify offline).
        setProblem('No network: the wallet is reached through the relay, which needs a connection. Printed documents can be verified offline.');
        return;
      }
      const profile = profileById(profileId);
      const controller = new AbortController();
      abort.current = controller;
      setStage('Connecting to the wallet…');
      try {
        const view = await runPresentation(text, profile, {
          config,
          trustList: material.trustList,
          statusLists: material.statusLists,
          zkIssuerKeys: material.zkIssuerKeys,
          reader: material.reader,
          WebSocket: props.WebSocket,
          now: props.now,
          signal: controller.signal,
          onStage: (next) => setStage(next === 'connecting' ? 'Connecting to the wallet…' : next === 'waiting-for-holder' ? 'Waiting for the holder to agree on their phone…' : 'Verifying…'),
        });
        await props.retain({ at: view.verifiedAt.toISOString(), kind: profile.id, outcome: view.outcome, failedChecks: view.reasons.length > 0 ? [...view.documents.flatMap((document) => document.checks), ...view.checks].filter((check) => !check.passed).map((check) => check.code ?? check.label) : [] });
        setVerdict(view);
      } catch (error) {
        setProblem((error as Error).message);
      } finally {
        abort.current = undefined;
        setStage(undefined);
      }
    },
    [config, material, profileId, props],
  );
  const acceptEngagement = useCallback((text: string) => text.trim().startsWith('mdoc:'), []);
  const onScanned = useCallback((text: string) => void present(text), [present]);

  if (verdict) return <VerdictScreen verdict={verdict} retained={config.retainVerifications} onDismiss={() => setVerdict(undefined)} />;

  const upload = async (file: File | undefined) => {
    if (!file) return;
    const text = await qrFromImageFile(file).catch(() => undefined);
    if (text) void present(text);
    else setProblem('No QR code was found in that image.');
  };

  return (
    <section aria-label="Verify a person" className="panel">
      <h2>Verify a person</h2>
      <fieldset disabled={stage !== undefined}>
        <legend>What do you need to know?</legend>
        {PROFILES.map((profile) => (
          <label key={profile.id} className="profile">
            <input type="radio" name="profile" value={profile.id} checked={profileId === profile.id} onChange={() => setProfileId(profile.id)} /> {profile.title}
          </label>
        ))}
      </fieldset>
      {!material.trustList && <p role="alert">Synchronise once before verifying: the trust list is missing.</p>}
      {stage ? (
        <div className="progress">
          <p role="status">{stage}</p>
          <button type="button" onClick={() => abort.current?.abort()}>
            Cancel
          </button>
        </div>
      ) : input === 'camera' ? (
        <>
          <QrScanner label="Camera: wallet QR code" accept={acceptEngagement} onResult={onScanned} />
          <button type="button" onClick={() => setInput('choose')}>
            Stop the camera
          </button>
        </>
      ) : (
        <div className="inputs">
          <button
            type="button"
            className="primary"
            disabled={!material.trustList}
            onClick={() => {
              setProblem(undefined);
              setInput('camera');
            }}
          >
            Scan the wallet’s QR code
          </button>
          <label>
            Or paste the wallet’s code (mdoc:…)
            <textarea value={pasted} rows={3} onChange={(event) => setPasted(event.target.value)} />
          </label>
          <button type="button" disabled={!material.trustList || pasted.trim() === ''} onClick={() => void present(pasted)}>
            Use this code
          </button>
          <label>
            Or upload a picture of the QR code
            <input type="file" accept="image/*" disabled={!material.trustList} onChange={(event) => void upload(event.target.files?.[0])} />
          </label>
        </div>
      )}
      {problem && <p role="alert">{problem}</p>}
      <p className="hint">
        Asking for: {profileById(profileId).question} The holder sees who asks and what, and decides on their phone.
        {config.intentToRetain ? ' This verifier tells the wallet it keeps the data.' : ' This verifier tells the wallet it does not keep the data.'}
      </p>
    </section>
  );
}

function DeviceScreen(props: AppDependencies & { material: Material; lastSync: SyncOutcome | undefined; enrolment: { state?: string; problem?: string } }) {
  const { material, lastSync } = props;
  const [deviceName, setDeviceName] = useState(material.reader?.deviceName ?? 'Verifier device');
  const [problem, setProblem] = useState<string>();
  const state = props.enrolment.state;

  const enrol = async () => {
    setProblem(undefined);
    try {
      window.sessionStorage.setItem(PENDING_DEVICE_NAME, deviceName.trim());
      await (await props.oidc()).signIn();
    } catch (error) {
      setProblem(`Sign-in is not available (${(error as Error).message}).`);
    }
  };

  const reader = material.reader;
  const enrolled = reader?.certificate !== undefined && reader.notAfter !== undefined;
  const expired = enrolled && reader!.notAfter!.getTime() <= props.now().getTime();
  return (
    <section aria-label="This device" className="panel">
      <h2>This device</h2>
      {lastSync && (
        <ul aria-label="Last synchronisation" data-testid="last-sync">
          {Object.entries(lastSync.results).map(([part, result]) => (
            <li key={part}>
              {part}: {result.ok ? 'synchronised' : `failed — ${result.message}`}
            </li>
          ))}
        </ul>
      )}
      {material.trustList && (
        <p>
          Trust list: {material.trustList.source === 'vical' ? `signed VICAL${material.trustList.issueId !== undefined ? ` #${material.trustList.issueId}` : ''} from ${material.trustList.provider ?? 'the verification service'}, signer ${material.trustList.signer ?? '—'}` : 'unsigned PEM bundle (no trust-list signer configured)'}; {material.trustList.entries.length} issuing authorit{material.trustList.entries.length === 1 ? 'y' : 'ies'}: {material.trustList.entries.map((entry) => entry.subject).join('; ')}.
        </p>
      )}
      <h3>Reader certificate</h3>
      <p data-testid="reader-status">
        {enrolled
          ? `${expired ? 'Expired' : 'Enrolled'}: ${reader!.subject} — valid until ${reader!.notAfter!.toLocaleString()}. Wallets show this name to the holder.`
          : 'Not enrolled: wallets see an unknown reader. An official with the verifier role enrols the device (the key never leaves it).'}
      </p>
      <label>
        Device name (shown to the holder)
        <input value={deviceName} maxLength={64} onChange={(event) => setDeviceName(event.target.value)} />
      </label>
      <button type="button" disabled={!props.online() || state !== undefined || deviceName.trim() === ''} onClick={() => void enrol()}>
        {enrolled ? 'Renew the reader certificate (sign in)' : 'Enrol this device (sign in as an official)'}
      </button>
      {state && <p role="status">{state}</p>}
      {(problem ?? props.enrolment.problem) && <p role="alert">{problem ?? props.enrolment.problem}</p>}
      <h3>Privacy</h3>
      <p role="note">
        {props.config.retainVerifications
          ? 'This device keeps a summary of each verification (time, kind, outcome, failed checks) — never the data or the portrait.'
          : 'This device keeps no personal data: a verification’s data and portrait are forgotten when the verdict is dismissed. Only the public trust material and this device’s reader key are stored.'}
      </p>
    </section>
  );
}

