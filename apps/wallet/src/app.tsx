import { useEffect, useState, useSyncExternalStore } from 'react';
import type { LaunchIntent } from './launch-intent';
import { AddCredentialScreen } from './ui/add-credential-screen';
import { HomeScreen, type HomeAction } from './ui/home-screen';
import { SetupScreen, UnlockScreen } from './ui/lock-screens';
import { OnlineScreen } from './ui/online-screen';
import { PresentScreen } from './ui/present-screen';
import { SettingsScreen } from './ui/settings-screen';
import type { WalletService } from './wallet-service';

/** How long the wallet may stay in the background before it locks itself. */
export const AUTO_LOCK_MS = 5 * 60_000;

type ScreenName = 'home' | HomeAction;

/**
 * The wallet: set up a PIN on first start, unlock, then the cards and the ways to use them. A
 * credential offer or an OpenID4VP request the wallet was opened with waits for the unlock.
 */
export function App({ wallet, intent }: { readonly wallet: WalletService; readonly intent?: LaunchIntent }) {
  const unlocked = useSyncExternalStore(
    (listener) => wallet.subscribe(listener),
    () => wallet.isUnlocked,
  );
  const [hasPin, setHasPin] = useState<boolean>();
  const [screen, setScreen] = useState<ScreenName>(intent?.kind === 'offer' ? 'add' : intent?.kind === 'authorization-request' ? 'online' : 'home');
  const [pendingIntent, setPendingIntent] = useState(intent);

  useEffect(() => {
    void wallet.hasPin().then(setHasPin);
  }, [wallet, unlocked]);

  useEffect(() => {
    let hiddenAt: number | undefined;
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') hiddenAt = Date.now();
      else if (hiddenAt !== undefined && Date.now() - hiddenAt > AUTO_LOCK_MS) wallet.lock();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, [wallet]);

  if (hasPin === undefined) return <main id="main">Opening the wallet…</main>;
  if (!hasPin) return <SetupScreen wallet={wallet} />;
  if (!unlocked) return <UnlockScreen wallet={wallet} />;

  const home = () => {
    setPendingIntent(undefined);
    setScreen('home');
  };
  switch (screen) {
    case 'add':
      return (
        <main id="main">
          <AddCredentialScreen wallet={wallet} {...(pendingIntent?.kind === 'offer' && { initialOffer: pendingIntent.text })} onDone={home} />
        </main>
      );
    case 'present':
      return (
        <main id="main">
          <PresentScreen wallet={wallet} onDone={home} />
        </main>
      );
    case 'online':
      return (
        <main id="main">
          <OnlineScreen wallet={wallet} {...(pendingIntent?.kind === 'authorization-request' && { initialRequest: pendingIntent.text })} onDone={home} />
        </main>
      );
    case 'settings':
      return (
        <main id="main">
          <SettingsScreen wallet={wallet} onDone={home} />
        </main>
      );
    default:
      return <HomeScreen wallet={wallet} onNavigate={setScreen} />;
  }
}
